from django.urls import path

from mufakat.meetings import (
    document_views,
    views,
    views_action_items,
    views_calendar,
    views_delegations,
)

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("export.<str:fmt>", views.meeting_export, name="export"),
    path("outcomes.<str:fmt>", views.outcome_export, name="outcome_export"),
    path("new/", views.meeting_create, name="create"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar.ics", views_calendar.feed, name="ical"),
    path("calendar/subscriptions/", views_calendar.subscriptions, name="calendar_subscriptions"),
    path("calendar/follows.ics", views_calendar.feed, {"kind": "follows"}, name="ical_follows"),
    path("calendar/<slug:kind>/<str:code>.ics", views_calendar.feed, name="ical_of"),
    path("calendar/feeds/<str:key>/all.ics", views_calendar.token_feed, name="ical_token_all"),
    path(
        "calendar/feeds/<str:key>/follows.ics",
        views_calendar.token_feed,
        {"kind": "follows"},
        name="ical_token_follows",
    ),
    path(
        "calendar/feeds/<str:key>/<slug:kind>/<str:code>.ics",
        views_calendar.token_feed,
        name="ical_token_of",
    ),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/delete/", views.meeting_delete, name="delete"),
    path("<int:pk>/agenda/new/", views.agenda_add, name="agenda_add"),
    path("agenda/<int:item_pk>/edit/", views.agenda_edit, name="agenda_edit"),
    path("agenda/<int:item_pk>/remove/", views.agenda_remove, name="agenda_remove"),
    path("<int:pk>/participants/new/", views.participant_add, name="participant_add"),
    path(
        "participants/<int:participant_pk>/remove/",
        views.participant_remove,
        name="participant_remove",
    ),
    path("<int:pk>/outcomes/new/", views.outcome_add, name="outcome_add"),
    path("outcomes/<int:outcome_pk>/edit/", views.outcome_edit, name="outcome_edit"),
    path("outcomes/<int:outcome_pk>/forward/", views.outcome_forward, name="outcome_forward"),
    path(
        "outcomes/<int:outcome_pk>/forwardings/<int:to_meeting_pk>/decision/",
        views.record_decision,
        name="decision",
    ),
    path("documents/<int:pk>/", document_views.document_detail, name="document"),
    path("documents/<int:pk>/file/", document_views.document_file, name="document_file"),
    path("documents/<int:pk>/remove/", document_views.document_remove, name="document_remove"),
    path("<int:pk>/documents/new/", document_views.document_add, name="document_add"),
    path("documents/<int:pk>/edit/", document_views.document_edit, name="document_edit"),
    path(
        "documents/<int:pk>/versions/new/",
        document_views.document_new_version,
        name="document_new_version",
    ),
    path(
        "documents/<int:pk>/versions/<int:number>/file/",
        document_views.version_file,
        name="document_version_file",
    ),
    path("<int:pk>/invitations/", views_delegations.invite, name="invite"),
    path(
        "<int:pk>/delegations/<str:party_code>/",
        views_delegations.nominate,
        name="nominate",
    ),
    path(
        "<int:pk>/invitations/<str:party_code>/withdraw/",
        views_delegations.withdraw,
        name="withdraw_invitation",
    ),
    path("action-items/", views_action_items.action_item_list, name="action_items"),
    path("action-items/<int:pk>/", views_action_items.action_item_detail, name="action_item"),
    path(
        "action-items/updates/<int:pk>/evidence/",
        views_action_items.evidence_download,
        name="action_item_evidence",
    ),
]
