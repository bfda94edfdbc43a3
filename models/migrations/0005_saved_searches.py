from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0004_documents')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SavedSearch',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('candidate', fields.ForeignKeyField('models.Candidate', source_field='candidate_id', db_constraint=True, to_field='id', related_name='saved_searches', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=100)),
                ('query', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('alert_enabled', fields.BooleanField(default=False)),
                ('alert_changed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'saved_search', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
