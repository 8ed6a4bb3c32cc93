"""The IATI 2.03 export of public work plans: what a donor reports to the International Aid
Transparency Initiative about the work plan it funds, built from the public records only.

- :mod:`.codelists`: the IATI codes used, with where each comes from, and the mapping of crime
  areas to DAC sector codes;
- :mod:`.selectors`: what is exported, read as an anonymous reader sees it, whoever asks;
- :mod:`.build`: the ``<iati-activities version="2.03">`` document, built with lxml;
- :mod:`.rules`: the checks of IATI's rules that the XML schema cannot express;
- ``schema/``: the unchanged IATI 2.03 activity schema, for validating exports in tests.
"""
