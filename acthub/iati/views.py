"""The public IATI file, `/iati/activities.xml`: built from public records, validated, then served."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from acthub.core.permissions import public_view

from .builder import ExportError
from .services import activity_file
from .validation import IatiInvalid

logger = logging.getLogger(__name__)


@public_view
@require_GET
def activities(request: HttpRequest) -> HttpResponse:
    """The program's IATI 2.03 activity file; a structured 503 when it would not validate."""
    try:
        data = activity_file(base_url=request.build_absolute_uri("/"))
    except IatiInvalid as error:
        # Never serve an invalid file; the problems name public records only (the file holds nothing else).
        logger.error("IATI file refused: %s", error)
        body = {
            "error": {
                "status": 503,
                "code": "iati_invalid",
                "message": _("The IATI file does not validate and is not published until it is fixed."),
                "problems": [str(p) for p in error.problems],
            }
        }
        return JsonResponse(body, status=503)
    except ExportError as error:
        body = {"error": {"status": 404, "code": "not_published", "message": str(error)}}
        return JsonResponse(body, status=404)
    response = HttpResponse(data, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="activities.xml"'
    return response
