"""An organisation's newest contacts from one index, however many contacts there are.

On PostgreSQL the link table of ``Interaction.organisations`` gets ``occurred_at``, a copy of the
interaction's that triggers keep equal on every write path (the services, the admin, imports,
merges, raw SQL), and the index (organisation_id, occurred_at DESC, interaction_id DESC). The
newest page of an organisation's contacts is then the first rows of that index. Without it
PostgreSQL either walks every contact back in time until it has met enough of the
organisation's (an organisation contacted mostly years ago: most of a million rows) or reads all
of the organisation's contacts to sort them; both grow with the table.

The column is not a field of the (auto-created) link model: a custom link model would take the
organisations off the admin's interaction form. SQLite keeps the table as it is (see
``interactions.selectors.newest_interactions``). On 1,208,507 link rows (make bench's data set)
this migration takes about two minutes, most of it the UPDATE that fills the column.
"""

from django.db import migrations

FORWARD = """
ALTER TABLE interactions_interaction_organisations ADD COLUMN occurred_at timestamptz;
UPDATE interactions_interaction_organisations AS link SET occurred_at = i.occurred_at
  FROM interactions_interaction AS i WHERE i.id = link.interaction_id;
CREATE FUNCTION interactions_link_occurred_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT occurred_at INTO NEW.occurred_at FROM interactions_interaction
    WHERE id = NEW.interaction_id;
  RETURN NEW;
END $$;
CREATE TRIGGER interaction_link_occurred_at
  BEFORE INSERT OR UPDATE OF interaction_id, occurred_at ON interactions_interaction_organisations
  FOR EACH ROW EXECUTE FUNCTION interactions_link_occurred_at();
CREATE FUNCTION interactions_occurred_at_to_links() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE interactions_interaction_organisations SET occurred_at = NEW.occurred_at
    WHERE interaction_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER interaction_occurred_at_to_links
  AFTER UPDATE OF occurred_at ON interactions_interaction
  FOR EACH ROW WHEN (OLD.occurred_at IS DISTINCT FROM NEW.occurred_at)
  EXECUTE FUNCTION interactions_occurred_at_to_links();
ALTER TABLE interactions_interaction_organisations ALTER COLUMN occurred_at SET NOT NULL;
CREATE INDEX interaction_organisation_newest ON interactions_interaction_organisations
  (organisation_id, occurred_at DESC, interaction_id DESC);
"""

BACKWARD = """
DROP INDEX interaction_organisation_newest;
DROP TRIGGER interaction_occurred_at_to_links ON interactions_interaction;
DROP FUNCTION interactions_occurred_at_to_links();
DROP TRIGGER interaction_link_occurred_at ON interactions_interaction_organisations;
DROP FUNCTION interactions_link_occurred_at();
ALTER TABLE interactions_interaction_organisations DROP COLUMN occurred_at;
"""


def _on_postgresql(sql: str):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            # No parameters: several statements (and $$ bodies) go as one simple query.
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("interactions", "0002_initial_topics")]

    operations = [migrations.RunPython(_on_postgresql(FORWARD), _on_postgresql(BACKWARD))]
