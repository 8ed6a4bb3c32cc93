"""Monitoring API, assembled from the three areas (reports, spreadsheets, dashboards)."""

from ninja import Router

from mufakat.monitoring.api_compliance import router as compliance_router
from mufakat.monitoring.api_dashboards import router as dashboards_router
from mufakat.monitoring.api_reports import router as reports_router
from mufakat.monitoring.api_spreadsheets import router as spreadsheets_router

router = Router(tags=["monitoring"])
router.add_router("", reports_router)
router.add_router("", spreadsheets_router)
router.add_router("", dashboards_router)
router.add_router("", compliance_router)
