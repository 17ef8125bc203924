"""`juzhu daily [--date YYYY-MM-DD]`: the idempotent daily job (see juzhu.registry.jobs.daily)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from juzhu import clock
from juzhu.registry.jobs.daily import run_daily


class Command(BaseCommand):
    help = "每日任务：中止逾期未签注的居住证、发送签注和发放期限提醒、标记超期事项（可重复运行）"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按哪一天运行（默认今天，或 JUZHU_TODAY）")

    def handle(self, *args, date=None, **options):
        try:
            day = datetime.date.fromisoformat(date) if date else clock.today()
        except ValueError:
            raise CommandError(f"--date 应为 YYYY-MM-DD 格式的日期，收到 {date!r}") from None
        report = run_daily(day)
        self.stdout.write(f"{report.day.isoformat()} 每日任务完成：")
        for key, value in sorted(report.counts.items()):
            self.stdout.write(f"  {key}: {value}")
        steps = "，".join(f"{step} {seconds:.1f} 秒" for step, seconds in report.seconds.items())
        self.stdout.write(f"  用时：{steps}")
