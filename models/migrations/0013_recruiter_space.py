"""The recruiters' space: invitations to open a recruiter or admin account, and the daily
count of visits of each offer's page (a number per offer and day, nothing about the visitor)."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from models.accounts.tables import AccountRole
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0012_offer_changes')]

    initial = False

    operations = [
        ops.CreateModel(
            name='OfferVisitDay',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('offer', fields.ForeignKeyField('models.Offer', source_field='offer_id', db_constraint=True, to_field='id', related_name='visit_days', on_delete=OnDelete.CASCADE)),
                ('day', fields.DateField()),
                ('visits', fields.IntField(default=0)),
            ],
            options={'table': 'offer_visit_day', 'app': 'models', 'unique_together': (('offer', 'day'),), 'pk_attr': 'id', 'table_description': "How many times an offer's public page was served on a day (Europe/Paris). A number and"},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='StaffInvitation',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('email', fields.CharField(max_length=254)),
                ('email_key', fields.CharField(unique=True, max_length=254)),
                ('role', fields.CharEnumField(description='CANDIDATE: candidate\nRECRUITER: recruiter\nADMIN: admin', enum_type=AccountRole, max_length=12)),
                ('administration', fields.ForeignKeyField('models.Administration', source_field='administration_id', null=True, db_constraint=True, to_field='code', related_name='invitations', on_delete=OnDelete.CASCADE)),
                ('invited_by', fields.ForeignKeyField('models.Account', source_field='invited_by_id', null=True, db_constraint=True, to_field='id', related_name='invitations_sent', on_delete=OnDelete.SET_NULL)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('accepted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'staff_invitation', 'app': 'models', 'pk_attr': 'id', 'table_description': "An administrator's invitation to open a recruiter or admin account. One per address:"},
            bases=['Model'],
        ),
    ]
