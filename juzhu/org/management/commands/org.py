"""`juzhu org load-units [FILE]` and `juzhu org load-divisions`: organisation data."""

from django.core.management.base import BaseCommand, CommandError

from juzhu.org.loading import UNITS_CSV, UnitFileError, load_divisions, load_units
from juzhu.org.models import Division


class Command(BaseCommand):
    help = "组织机构数据：load-units 导入单位（CSV），load-divisions 更新行政区划"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["load-units", "load-divisions"])
        parser.add_argument("file", nargs="?", help="单位 CSV（默认随代码发布的安康市结构）")

    def handle(self, *args, action, file=None, **options):
        if action == "load-divisions":
            self.stdout.write(f"已更新 {load_divisions(Division)} 个行政区划")
            return
        try:
            count = load_units(file or UNITS_CSV)
        except (OSError, UnitFileError, KeyError) as exc:
            raise CommandError(f"单位文件有误，未作任何修改：{exc}") from None
        self.stdout.write(f"已导入 {count} 个单位")
