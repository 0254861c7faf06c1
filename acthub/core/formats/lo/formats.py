"""Number and date formats for Lao, which Django does not ship: figures group by thousands as in English."""

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
DATE_FORMAT = "j/n/Y"
SHORT_DATE_FORMAT = "j/n/Y"
