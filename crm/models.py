"""crm's models live in sub-packages by floor; Django finds them through this module."""

from crm.audit.models import AccessLog, ActionLog
from crm.calendar.models import CalendarFeed
from crm.documents.models import Document
from crm.exports.models import ExportJob
from crm.lists.models import ListPreference, SavedView
from crm.tags.models import Tag
from crm.territory.models import Gmina, Powiat, Subregion
from crm.users import Role, User

__all__ = [
    "AccessLog",
    "ActionLog",
    "CalendarFeed",
    "Document",
    "ExportJob",
    "Gmina",
    "ListPreference",
    "Powiat",
    "Role",
    "SavedView",
    "Subregion",
    "Tag",
    "User",
]
