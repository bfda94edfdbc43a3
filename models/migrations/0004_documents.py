from tortoise import migrations
from tortoise.migrations import operations as ops
from models.documents.tables import DocumentCategory
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0003_accounts_and_mail')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Document',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('candidate', fields.ForeignKeyField('models.Candidate', source_field='candidate_id', db_constraint=True, to_field='id', related_name='documents', on_delete=OnDelete.CASCADE)),
                ('category', fields.CharEnumField(description='CV: cv\nCOVER_LETTER: cover_letter\nOTHER: other', enum_type=DocumentCategory, max_length=20)),
                ('filename', fields.CharField(max_length=255)),
                ('content_type', fields.CharField(max_length=120)),
                ('size', fields.BigIntField()),
                ('sha256', fields.CharField(max_length=64)),
                ('storage_key', fields.CharField(unique=True, max_length=80)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'document', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
