from tortoise import migrations
from tortoise.migrations import operations as ops
from models.accounts.tables import AccountRole
from models.saved_searches.tables import AlertFrequency
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0006_offer_updated_at_index')]

    initial = False

    operations = [
        ops.CreateModel(
            name='DigestDelivery',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('candidate', fields.ForeignKeyField('models.Candidate', source_field='candidate_id', db_constraint=True, to_field='id', related_name='digest_deliveries', on_delete=OnDelete.CASCADE)),
                ('day', fields.DateField()),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'digest_delivery', 'app': 'models', 'unique_together': (('candidate', 'day'),), 'pk_attr': 'id', 'table_description': 'One per candidate and day: the digest of that day was queued.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='DigestEntry',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('candidate', fields.ForeignKeyField('models.Candidate', source_field='candidate_id', db_constraint=True, to_field='id', related_name='digest_entries', on_delete=OnDelete.CASCADE)),
                ('saved_search', fields.ForeignKeyField('models.SavedSearch', source_field='saved_search_id', db_constraint=True, to_field='id', related_name='digest_entries', on_delete=OnDelete.CASCADE)),
                ('offer', fields.ForeignKeyField('models.Offer', source_field='offer_id', db_constraint=True, to_field='id', related_name='digest_entries', on_delete=OnDelete.CASCADE)),
                ('day', fields.DateField(db_index=True)),
            ],
            options={'table': 'digest_entry', 'app': 'models', 'unique_together': (('saved_search', 'offer'),), 'pk_attr': 'id', 'table_description': 'An offer waiting for the daily digest of a search whose alert is set to daily. Deleted with'},
            bases=['Model'],
        ),
        ops.AlterModelOptions(
            name='Candidate',
            options={'table': 'candidate', 'app': 'models', 'pk_attr': 'id', 'table_description': 'An account. Most are candidates; recruiters and admins are made by a command.'},
        ),
        ops.AddField(
            model_name='Candidate',
            name='administration',
            field=fields.ForeignKeyField('models.Administration', source_field='administration_id', null=True, db_constraint=True, to_field='code', related_name='recruiters', on_delete=OnDelete.RESTRICT),
        ),
        ops.AddField(
            model_name='Candidate',
            name='role',
            field=fields.CharEnumField(default=AccountRole.CANDIDATE, description='CANDIDATE: candidate\nRECRUITER: recruiter\nADMIN: admin', enum_type=AccountRole, max_length=12),
        ),
        ops.AddField(
            model_name='SavedSearch',
            name='alert_frequency',
            field=fields.CharEnumField(default=AlertFrequency.INSTANT, description='INSTANT: instant\nDAILY: daily', enum_type=AlertFrequency, max_length=10),
        ),
    ]
