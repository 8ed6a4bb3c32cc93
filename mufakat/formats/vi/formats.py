# Tiếng Việt: "ngày 7 tháng 12 năm 2026", "07/12/2026".
DATE_FORMAT = r"\n\g\à\y j \t\h\á\n\g n \n\ă\m Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = r"H:i, \n\g\à\y j \t\h\á\n\g n \n\ă\m Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
YEAR_MONTH_FORMAT = r"\t\h\á\n\g n \n\ă\m Y"
MONTH_DAY_FORMAT = r"j \t\h\á\n\g n"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
