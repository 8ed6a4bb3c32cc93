"""Addresses of the meeting papers, under the records they are about
(``/meetings/<id>/brief/``, ``/meetings/<id>/record/``, ``/instruments/<id>/status-report/``)
and of the documents produced (``/papers/<id>/``)."""

from mufakat.papers import urls_delivery, urls_record

app_name = "papers"
urlpatterns = [*urls_delivery.urlpatterns, *urls_record.urlpatterns]
