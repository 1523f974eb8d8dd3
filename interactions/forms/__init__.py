"""Forms of the contact log, follow-ups and events. They validate; the services write.

One module a subject; every name is re-exported here, so ``from interactions.forms import X``
keeps working.
"""

from interactions.forms.events import EventForm, PersonPickField, RegisterForm, RegisterPersonForm
from interactions.forms.log import (
    ContactFields,
    InteractionEditForm,
    InteractionForm,
    StaffChoice,
    StaffChoiceField,
)
from interactions.forms.tasks import EventChoice, FollowUpForm, PostponeForm

__all__ = [
    "ContactFields",
    "EventChoice",
    "EventForm",
    "FollowUpForm",
    "InteractionEditForm",
    "InteractionForm",
    "PersonPickField",
    "PostponeForm",
    "RegisterForm",
    "RegisterPersonForm",
    "StaffChoice",
    "StaffChoiceField",
]
