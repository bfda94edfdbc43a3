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
            name='AlertDelivery',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('candidate', fields.ForeignKeyField('models.Candidate', source_field='candidate_id', db_constraint=True, to_field='id', related_name='alert_deliveries', on_delete=OnDelete.CASCADE)),
                ('offer', fields.ForeignKeyField('models.Offer', source_field='offer_id', db_constraint=True, to_field='id', related_name='alert_deliveries', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'alert_delivery', 'app': 'models', 'unique_together': (('candidate', 'offer'),), 'pk_attr': 'id', 'table_description': 'One per candidate and offer, whatever the number of their searches it matches.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PendingMatch',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('offer', fields.ForeignKeyField('models.Offer', source_field='offer_id', db_constraint=True, to_field='id', related_name='pending_matches', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'pending_match', 'app': 'models', 'pk_attr': 'id', 'table_description': 'Written with the publication, deleted with the alerts it produced: in between, the work'},
            bases=['Model'],
        ),
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
                ('updated_at', fields.DatetimeField(db_index=True, auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'saved_search', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
