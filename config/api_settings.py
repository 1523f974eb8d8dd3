"""The REST API's settings (DRF and drf-spectacular): fixed values, nothing from the environment."""

REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header makes an anonymous request a 401, not a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "crm.signin.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": [
        "crm.api.throttling.AnonThrottle",
        "crm.api.throttling.UserThrottle",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        # django-filter's, with model choices scoped to the user (crm.scoping).
        "crm.api.related.ScopedFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "crm.api.parsers.LimitedJSONParser",
        "crm.api.parsers.LimitedFormParser",
        "crm.api.parsers.LimitedMultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "crm.api.schema.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "crm.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "crm.api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sieć API",
    "DESCRIPTION": "The cooperation-network CRM of ROPS Białystok.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the installed sidecar package: the docs page loads nothing from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "kind", "role" or "status": give each choice set its own name.
    "ENUM_NAME_OVERRIDES": {
        "OrganisationKindEnum": "contacts.models.OrganisationKind",
        "PsStatusKindEnum": "contacts.models.SocialEnterpriseStatus.Kind",
        "GminaKindEnum": "crm.territory.models.Gmina.Kind",
        "NetworkKindEnum": "networks.models.NetworkKind",
        "PartnershipKindEnum": "networks.models.PartnershipKind",
        "PartnershipStatusEnum": "networks.models.PartnershipStatus",
        "MembershipRoleEnum": "networks.models.MembershipRole",
        "PartyRoleEnum": "networks.models.PartyRole",
        "InteractionKindEnum": "interactions.models.InteractionKind",
        "EventKindEnum": "interactions.models.EventKind",
        "ParticipationStatusEnum": "interactions.models.ParticipationStatus",
        "FollowUpStatusEnum": "interactions.models.FollowUpStatus",
    },
}
