"""The table of every account is `account`, no longer `candidate`: it holds recruiters and
admins too (models.accounts.tables.Account).

A plain rename: rows and ids stay, and the foreign keys of the tables pointing at it (sessions,
links, documents, saved searches, alerts, digests) follow it. PostgreSQL binds them to the
table itself; SQLite (3.26 and later, without `legacy_alter_table`) rewrites them in the
referencing tables' definitions. The columns keep their names (`candidate_id` holds a
candidate's things), and so do PostgreSQL's sequence and constraints (`candidate_id_seq`,
`candidate_pkey`…), which nothing refers to by name.
"""

from copy import deepcopy

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.migrations.schema_generator.state import State


class RenameModelWithRelations(ops.RenameModel):
    """Tortoise 1.1's RenameModel, whose database part is right, but whose state part reloads
    only the renamed model: the models it points at (Administration, through `recruiters`)
    keep the old class's reverse relation and the models pointing at it keep the old class, so
    the state of every later migration fails to build (« backward relation "recruiters"
    duplicates in model Administration »). Here every model related to it is reloaded."""

    def state_forward(self, app_label: str, state: State) -> None:
        old_key, new_key = (app_label, self.old_name), (app_label, self.new_name)
        related = state._find_related_models(app_label, self.old_name) - {old_key}
        model_state = state.models.pop(old_key)
        state.apps.unregister_model(app_label, self.old_name)
        model_state.name = self.new_name
        if model_state.table == self.old_name.lower():
            model_state.table = self.new_name.lower()
            model_state.options["table"] = model_state.table
        state.models[new_key] = model_state
        old_reference, new_reference = f"{app_label}.{self.old_name}", f"{app_label}.{self.new_name}"
        for other in state.models.values():
            for name, field in list(other.fields.items()):
                if getattr(field, "model_name", None) == old_reference:
                    moved = deepcopy(field)
                    moved.model_name = new_reference
                    other.fields[name] = moved
        state.reload_models(related | {new_key})


class Migration(migrations.Migration):
    dependencies = [("models", "0007_roles_and_digests")]

    initial = False

    operations = [RenameModelWithRelations(old_name="Candidate", new_name="Account")]
