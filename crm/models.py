"""crm's models live in sub-packages by floor; Django finds them through this module."""

from crm.audit.models import ActionLog
from crm.exports.models import ExportJob
from crm.territory.models import Gmina, Powiat, Subregion
from crm.users import Role, User

__all__ = ["ActionLog", "ExportJob", "Gmina", "Powiat", "Role", "Subregion", "User"]
