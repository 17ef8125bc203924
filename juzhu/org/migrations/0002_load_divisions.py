"""Load GB/T 2260 (county level and above, with history) and the city's towns."""

from django.db import migrations


def load(apps, schema_editor):
    from juzhu.org.loading import load_divisions

    load_divisions(apps.get_model("org", "Division"))


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
