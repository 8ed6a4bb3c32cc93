"""The IATI 2.03 export of a public work plan over the API (the same document as the page's).

Public records only, whoever calls (with a token or without): a work plan that is not public
answers 404, even to a caller who may read it elsewhere in the API.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from mufakat.workplans.iati.selectors import public_work_plan
from mufakat.workplans.views_iati import iati_response

router = Router(tags=["workplans"])

XML_DOC = {
    "responses": {
        200: {
            "description": "The work plan as an IATI 2.03 `<iati-activities>` document: the "
            "work plan is the parent activity, each of its activities a child. Public "
            "records only (the header `X-Mufakat-Export-Scope` says so too).",
            "content": {"application/xml": {"schema": {"type": "string"}}},
        },
    }
}


@router.get(
    "/instruments/{instrument_id}/iati.xml",
    response={200: None},
    operation_id="workplans_instrument_iati",
    summary="A public work plan as IATI 2.03 activities (XML)",
    description="The public work plan, its activities, their indicators and the figures of its "
    "public frozen reporting rounds, as an IATI 2.03 activity file. Only public records "
    "(audience public, TLP:CLEAR) are exported, whoever calls: any other instrument, or one "
    "that is not a work plan, answers 404.",
    openapi_extra=XML_DOC,
)
def instrument_iati(request: HttpRequest, instrument_id: int) -> HttpResponse:
    return iati_response(public_work_plan(pk=instrument_id))
