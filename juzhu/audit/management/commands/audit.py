"""`juzhu audit verify`: chain the queued reads, walk the hash chain and report the first break.
`juzhu audit sequence [--loop --interval 2]`: chain the queued reads (juzhu.audit.sequencer)."""

from django.core.management.base import BaseCommand, CommandError

from juzhu.audit.log import verify
from juzhu.audit.models import AuditEntry
from juzhu.audit.sequencer import INTERVAL, run_forever, sequence_now


class Command(BaseCommand):
    help = "审计日志：verify 校验哈希链；sequence 将排队的查阅记录入链"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "sequence"])
        parser.add_argument("--loop", action="store_true", help="sequence：持续运行")
        parser.add_argument("--interval", type=float, default=INTERVAL, help="sequence --loop：间隔秒数")

    def handle(self, *args, action, loop=False, interval=INTERVAL, **options):
        if action == "sequence":
            self._sequence(loop, interval)
            return
        result = verify()
        if not result.ok:
            raise CommandError(f"审计日志校验失败：{result.problem}（已校验 {result.checked} 条）")
        head = AuditEntry.objects.order_by("-id").values_list("id", "hash").first()
        where = f"末条 #{head[0]} 哈希 {head[1]}" if head else "日志为空"
        self.stdout.write(
            f"审计日志完整：已校验 {result.checked} 条，{where}；队列中待入链 {result.queued} 条。"
            "请将末条哈希另行保存，以便发现尾部删除。"
        )

    def _sequence(self, loop: bool, interval: float) -> None:
        if loop:
            self.stdout.write(f"每 {interval} 秒将排队的查阅记录入链，按 Ctrl+C 停止。")
            run_forever(interval)
            return
        result = sequence_now()
        gaps = "；".join(f"缺号 {first}–{last}" for first, last in result.gaps)
        self.stdout.write(f"已入链 {result.chained} 条，队列中仍有 {result.waiting} 条。{gaps}")
