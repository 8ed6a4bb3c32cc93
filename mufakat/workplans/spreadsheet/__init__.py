"""Work plans in and out of XLSX workbooks: download, upload → preview → confirm.

:mod:`.layout` the sheets and columns · :mod:`.plan` a plan as plain values and the diff ·
:mod:`.selectors` the stored plan and the allowed codes · :mod:`.reading` the upload checked
cell by cell · :mod:`.workbook` the XLSX writer · :mod:`.services` download, preview, confirm.
"""
