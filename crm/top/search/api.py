"""``GET /api/v1/search/?q=``: the search box over the API, the same groups and scoping as the
page; the people it lists are logged as seen (``AccessLog.What.SEARCH``)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from crm.audit.access_log import access_log_write
from crm.audit.models import AccessLog
from crm.top.search.hits import hit
from crm.top.search.selectors import KINDS, clean_query, query_problem, search_everything

LIMIT = 10
# kind → the API list that "show all" leads to (its ``?search=`` is the same search)
API_LISTS = {
    "organisations": "organisation-list",
    "people": "person-list",
    "events": "event-list",
    "networks": "network-list",
    "partnerships": "partnership-list",
}


class SearchHitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(help_text="Name, or an event's or partnership's title.")
    meta = serializers.ListField(
        child=serializers.CharField(),
        help_text="What tells it apart: NIP and place, dates, kind, organisation.",
    )
    url = serializers.CharField(help_text="The record in the API.")
    page_url = serializers.CharField(help_text="The record's page.")


class SearchGroupSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[k.key for k in KINDS])
    kind_label = serializers.CharField(help_text="The kind's name in the user's language.")
    count = serializers.IntegerField(help_text="How many of this kind match.")
    results = SearchHitSerializer(many=True, help_text="The first ten, in the list's order.")
    list_url = serializers.CharField(help_text="The kind's API list filtered by the query.")


class SearchResultsSerializer(serializers.Serializer):
    query = serializers.CharField()
    total = serializers.IntegerField()
    groups = SearchGroupSerializer(
        many=True,
        help_text=(
            "Every kind the user may see, in a fixed order; people only for roles "
            "that see personal data."
        ),
    )


class SearchView(APIView):
    @extend_schema(
        summary="Search everything",
        description=(
            "Organisations (name, NIP, REGON, KRS, town), people (name, e-mail), events, "
            "networks and partnerships matching every word of `q`, without regard to case "
            "or Polish letters; grouped by kind, each with its count, its first ten and its "
            "list filtered by the query. At least one word of three letters or digits; "
            "otherwise 400."
        ),
        tags=["search"],
        parameters=[OpenApiParameter("q", str, required=True, description="What to look for.")],
        responses={200: SearchResultsSerializer},
    )
    def get(self, request: Request) -> Response:
        query = clean_query(request.query_params.get("q"))
        problem = query_problem(query)
        if problem:
            raise serializers.ValidationError({"q": [problem]})
        groups = search_everything(user=request.user, query=query, limit=LIMIT)
        shown = []
        for group in groups:
            hits = [hit(group.kind, obj) for obj in group.items]
            shown.append(
                {
                    "kind": group.kind,
                    "kind_label": str(group.label),
                    "count": group.count,
                    "results": [
                        {
                            "id": h.id,
                            "name": h.name,
                            "meta": ([h.badge_label] if h.badge_label else []) + h.meta,
                            "url": request.build_absolute_uri(h.api_url),
                            "page_url": request.build_absolute_uri(h.url),
                        }
                        for h in hits
                    ],
                    "list_url": request.build_absolute_uri(
                        reverse(API_LISTS[group.kind]) + "?" + urlencode({"search": query})
                    ),
                }
            )
            if group.kind == "people":
                access_log_write(
                    user=request.user,
                    person_ids=[h.id for h in hits],
                    what=AccessLog.What.SEARCH,
                )
        body = {"query": query, "total": sum(g.count for g in groups), "groups": shown}
        return Response(SearchResultsSerializer(body).data)
