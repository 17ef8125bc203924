"""`juzhu audit verify`: walk the hash chain and report the first break."""

from django.core.management.base import BaseCommand, CommandError

from juzhu.audit.log import verify
from juzhu.audit.models import AuditEntry


class Command(BaseCommand):
    help = "审计日志：verify 校验哈希链"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, action, **options):
        result = verify()
        if not result.ok:
            raise CommandError(f"审计日志校验失败：{result.problem}（已校验 {result.checked} 条）")
        head = AuditEntry.objects.order_by("-id").values_list("id", "hash").first()
        where = f"末条 #{head[0]} 哈希 {head[1]}" if head else "日志为空"
        self.stdout.write(
            f"审计日志完整：已校验 {result.checked} 条，{where}。请将末条哈希另行保存，以便发现尾部删除。"
        )
