"""Number and date formats for Filipino, which Django does not ship: as in the Philippines' English usage."""

DATE_FORMAT = "F j, Y"
SHORT_DATE_FORMAT = "m/d/Y"
DATETIME_FORMAT = "F j, Y, g:i A"
SHORT_DATETIME_FORMAT = "m/d/Y g:i A"
MONTH_DAY_FORMAT = "F j"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 0  # Sunday
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
