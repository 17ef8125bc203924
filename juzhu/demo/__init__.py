"""Synthetic demo data: residents in every state of the registry, made with the rules.

``juzhu.demo.generator.generate`` streams residents into the database in batches;
``juzhu.demo.setup.load_demo`` prepares a demo installation (units, logins, residents).
Nothing here is used by the registry itself.
"""
