"""Invented evidence used across the tests. All names are made up."""

# A Persian-headed list as many spreadsheets save it: Windows-1256, Arabic ي/ك, ASCII-digit Solar Hijri dates.
CP1256_ROWS = (
    "نام,نام خانوادگي,نام پدر,سال تولد,تاريخ اعدام,زندان\r\n"
    "علي,كاظمي,محمد,1340,1367/05/15,اوين\r\n"
    "مريم,يزداني,حسين,1345,1367/06,گوهردشت\r\n"
)
# UTF-8 with BOM, Persian digits and month names.
UTF8_ROWS = (
    "نام و نام خانوادگی,نام پدر,تاریخ دستگیری,تاریخ اعدام\n"
    "رضا کریمی,علی,۱۳۶۰/۰۳/۲۰,۱۵ مرداد ۱۳۶۷\n"
    "سارا نیک‌نام,احمد,,شهریور ۱۳۶۷\n"
)
BAD_ROWS = (
    "name,father name,birth year,execution date\n"
    "Ali Kazemi,Mohammad,1340,1367/05/15\n"
    "Reza Karimi,Ali,1340,1367/13/01\n"
    "Sara Niknam,Ahmad,99999,August 1988\n"
    ",Hossein,1350,1988\n"
    "Omid Rahimi,Hassan,1342,1367/05/20,extra\n"
)
TESTIMONY = (
    "On July 30, 1988, they took me to the general ward of the prison. "
    "The corridor was full of blindfolded men waiting for the commission.\n"
)
