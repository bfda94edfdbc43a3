from tortoise import migrations
from tortoise.migrations import operations as ops
from models.offers.tables import OfferStatus
from models.reference.catalogue import OfferType
from tortoise import fields

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='Administration',
            fields=[
                ('code', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('label', fields.CharField(max_length=200)),
            ],
            options={'table': 'administration', 'app': 'models', 'pk_attr': 'code', 'table_description': "An administration an offer's service belongs to: a ministry or a public body."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Domain',
            fields=[
                ('code', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('label', fields.CharField(max_length=120)),
            ],
            options={'table': 'domain', 'app': 'models', 'pk_attr': 'code', 'table_description': 'An activity domain: « Numérique, digital », « Ressources humaines »…'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Offer',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('reference', fields.CharField(unique=True, max_length=20)),
                ('type', fields.CharEnumField(description='APPRENTISSAGE: apprentissage\nSTAGE: stage', enum_type=OfferType, max_length=20)),
                ('title', fields.CharField(max_length=200)),
                ('employer_description', fields.TextField(default='', unique=False)),
                ('post_description', fields.TextField(default='', unique=False)),
                ('profile', fields.TextField(default='', unique=False)),
                ('additional_information', fields.TextField(default='', unique=False)),
                ('comments', fields.TextField(default='', unique=False)),
                ('diploma_level', fields.CharField(max_length=4)),
                ('domain', fields.ForeignKeyField('models.Domain', source_field='domain_id', db_constraint=True, to_field='code', related_name='offers', on_delete='RESTRICT')),
                ('administration', fields.ForeignKeyField('models.Administration', source_field='administration_id', db_constraint=True, to_field='code', related_name='offers', on_delete='RESTRICT')),
                ('service', fields.CharField(max_length=300)),
                ('workplace', fields.CharField(default='', max_length=200)),
                ('city', fields.CharField(default='', max_length=120)),
                ('department_code', fields.CharField(null=True, max_length=4)),
                ('region_code', fields.CharField(null=True, max_length=4)),
                ('country_code', fields.CharField(default='FR', max_length=2)),
                ('contract_start', fields.DateField(null=True)),
                ('contact_name', fields.CharField(default='', max_length=200)),
                ('contact_email', fields.CharField(default='', max_length=254)),
                ('contact_phone', fields.CharField(default='', max_length=40)),
                ('contact_url', fields.CharField(default='', max_length=500)),
                ('status', fields.CharEnumField(default=OfferStatus.DRAFT, description='DRAFT: draft\nPUBLISHED: published\nARCHIVED: archived', enum_type=OfferStatus, max_length=12)),
                ('published_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('expires_on', fields.DateField(null=True)),
                ('seq', fields.IntField(null=True, unique=True)),
                ('search_title', fields.TextField(default='', unique=False)),
                ('search_body', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'offer', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OfferAttachment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('offer', fields.ForeignKeyField('models.Offer', source_field='offer_id', db_constraint=True, to_field='id', related_name='attachments', on_delete='CASCADE')),
                ('filename', fields.CharField(max_length=255)),
                ('content_type', fields.CharField(max_length=100)),
                ('size', fields.IntField()),
                ('storage_key', fields.CharField(unique=True, max_length=80)),
            ],
            options={'table': 'offer_attachment', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
