from tortoise import migrations
from tortoise.migrations import operations as ops
from models.accounts.tables import Civility, LinkPurpose
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0002_fulltext_and_reference_data')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Candidate',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('civility', fields.CharEnumField(description='MADAME: madame\nMONSIEUR: monsieur', enum_type=Civility, max_length=10)),
                ('last_name', fields.CharField(max_length=100)),
                ('first_name', fields.CharField(max_length=100)),
                ('phone', fields.CharField(default='', max_length=20)),
                ('email', fields.CharField(max_length=254)),
                ('username', fields.CharField(max_length=50)),
                ('email_key', fields.CharField(unique=True, max_length=254)),
                ('username_key', fields.CharField(unique=True, max_length=50)),
                ('password_hash', fields.CharField(max_length=200)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'candidate', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AccountLink',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('candidate', fields.ForeignKeyField('models.Candidate', source_field='candidate_id', db_constraint=True, to_field='id', related_name='links', on_delete=OnDelete.CASCADE)),
                ('purpose', fields.CharEnumField(description='EMAIL_CHANGE: email_change\nPASSWORD_RESET: password_reset', enum_type=LinkPurpose, max_length=20)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('new_email', fields.CharField(default='', max_length=254)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'account_link', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A single-use link sent by e-mail. Only the SHA-256 of its token is stored.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CandidateSession',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('candidate', fields.ForeignKeyField('models.Candidate', source_field='candidate_id', db_constraint=True, to_field='id', related_name='sessions', on_delete=OnDelete.CASCADE)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'candidate_session', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A signed-in session. Only the SHA-256 of its token is stored.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OutgoingMail',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharField(max_length=40)),
                ('to_address', fields.CharField(max_length=254)),
                ('context', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('message_id', fields.CharField(unique=True, max_length=200)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('claimed_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('attempts', fields.IntField(default=0)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'outgoing_mail', 'app': 'models', 'pk_attr': 'id', 'table_description': "One mail to one address. No foreign key: an account's deletion notice outlives it."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='UsedCaptcha',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=32)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'used_captcha', 'app': 'models', 'pk_attr': 'id', 'table_description': 'CAPTCHA questions already answered: each may be answered once.'},
            bases=['Model'],
        ),
    ]
