"""Forms of the organisation and people pages. They validate; the services write.

One module a subject; every name is re-exported here, so ``from contacts.forms import X`` keeps
working (``OrganisationPickField`` lives in ``contacts.picking``).
"""

from contacts.forms.fields import DateInput, GminaChoiceField
from contacts.forms.organisations import (
    OrganisationForm,
    OrganisationLinkForm,
    OwesAccreditationForm,
    PsStatusForm,
)
from contacts.forms.people import (
    AnonymiseConfirmForm,
    ConsentForm,
    PersonAddForm,
    PersonForm,
    PersonGdprForm,
)
from contacts.picking import OrganisationPickField

__all__ = [
    "AnonymiseConfirmForm",
    "ConsentForm",
    "DateInput",
    "GminaChoiceField",
    "OrganisationForm",
    "OrganisationLinkForm",
    "OrganisationPickField",
    "OwesAccreditationForm",
    "PersonAddForm",
    "PersonForm",
    "PersonGdprForm",
    "PsStatusForm",
]
