"""Date and number formats per language (settings.FORMAT_MODULE_PATH).

Templates and code name a format (``date:"DATE_FORMAT"``, ``date_format(value,
"SHORT_DATE_FORMAT")``), never a fixed pattern, so each language writes dates its own way: the
month names come from Django's translations (Thai months in Thai, Gregorian years), the order
and separators from here. Anything not set here comes from Django's own locale formats.
"""
