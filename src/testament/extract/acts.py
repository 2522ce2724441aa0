"""Acts from the controlled vocabulary (`ACT_TERMS`), found by their trigger words in `data/lexicon.toml` and
a few context rules: a hypothetical or negated act ("they would be executed if...") is not an act; being
questioned by the commission is a hearing, not an interrogation; "took us to another ward" is a transfer,
"took us to the prison yard" is not; a generic "were not told" is a refusal to inform only where the
family is in the sentence. Links to the act's victim, perpetrators, date and place are added later."""

from __future__ import annotations

import re
from functools import cache

from testament.extract._lexicon import boundary_fa, lexicon
from testament.extract._text import Document, guard_all, guarded
from testament.extract.gazetteer import GazetteerMatch
from testament.extract.mention import ACT_TERMS, Mention
from testament.text import MARKS

__all__ = ["find_acts"]

_HYPOTHETICAL = re.compile(
    r"\b(?:would|will|could|might|if|unless|to be|going to|wanted to|want to|tried to|try to|threatened to|"
    r"fear of|afraid of|fear of being|"
    r"about to|should|shall|be)\s+"
    r"(?:(?:be|have|been|soon|immediately|also|then|not|never|all|they|he|she|new|more|further)\s+){0,3}$",
    re.IGNORECASE,
)
# "could have been killed": a past act told with doubt, not a hypothetical one ("would have been" stays out)
_PAST_POSSIBLE = re.compile(r"\b(?:could|might|may)\s+have\s+been\s+$", re.IGNORECASE)
# "where their loved one may be buried": the burial happened, only its place is in doubt
_MAY_BE = re.compile(r"\b(?:may|might|could)\s+be\s+$", re.IGNORECASE)
# "decided who should be executed", "which prisoners were to be executed": the choice of those who were;
# "taken to be executed", "sending them off to be hanged": led to it, which the account tells as done
_CHOSEN_OR_LED = re.compile(
    r"\b(?:(?:who|whom|which\s+[\w-]+)\s+(?:should|were\s+to|was\s+to|ought\s+to|must)"
    r"|(?:tak(?:en|ing|e)|took|sen(?:t|ding)|le(?:d|ading)|brought|bringing)\s+(?:\w+\s+){0,2}?"
    r"(?:(?:off|away|out)\s+)?to)\s+be\s+$",
    re.IGNORECASE,
)
# the words of a mandate's name up to the trigger, no verb among them (a verb starts the clause it reports)
_MANDATE_ON = re.compile(
    r"\b(?:[Rr]apporteurs?|Working Group)\s+on\s+"
    r"(?:(?!(?:said|says|say|has|have|had|was|were|is|are|reported|wrote|found|called|urged)\b)[\w’'-]+,?\s+){0,6}$"
)
# "denied the existence of any political executions", "denying allegations of the killings": the state's
# denial, a negated act not to be proposed (docs/annotation.md, sixth and thirteenth parts); "far from
# denying" admits them
_DENIED_BEFORE = re.compile(
    r"(?<!far from )\bden(?:y|ies|ied|ying|ial\s+of)\s+(?:that\s+)?(?:(?:the|any|such|all|allegations?|of|"
    r"existence|reports?|alleged|political|mass|these|those)\s+){0,5}$",
    re.IGNORECASE,
)
# "the routes to Khavaran were blocked": the way to the graves closed (the cemetery named between is a place)
_ROUTE_BEFORE = re.compile(
    r"\b(?:routes?|roads?|access|entrances?|gates?|paths?)\b[^.;]{0,40}$", re.IGNORECASE
)
# "a few questions" asked in an interrogation, with no commission or court in the sentence
_INTERROGATED = re.compile(r"interrogat|torture|بازجو|شکنجه", re.IGNORECASE)
_WAITING = re.compile(r"\bwait(?:ed|ing)?\s+(?:\w+\s+)?to be\s+$", re.IGNORECASE)
# "sentenced to be lashed", "sentenced to imprisonment or execution": the sentence's content, no act
# ("sentenced to death and executed" tells both)
# ("sentenced to 15 years imprisonment", "sentenced with over ten years of imprisonment": the term, no act)
_SENTENCED_TO = re.compile(
    r"\b(?<!the )(?:sentenced|condemned)\s+(?:\w+\s+)?(?:to|with)\s+(?:be\s+)?(?:(?:\w+\s+){1,2}or\s+)?"
    r"(?:(?:over|more\s+than|about|some)\s+)?(?:(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|life(?:-?time)?)\s+)?"
    r"(?:years?\s+|months?\s+)?(?:of\s+)?$",
    re.IGNORECASE,
)
# ("had not been tried and sentenced": the negation carries over the pair)
_NEGATED = re.compile(
    r"\b(?:(?:not|never|n't|no)\s+(?:(?:been|be|yet|ever)\s+)?(?:[a-z]+ed\s+and\s+)?"
    r"|none\s+of\s+(?:whom|them|which)\s+(?:(?:had|has|have|was|were)\s+)?(?:been\s+)?)$",
    re.IGNORECASE,
)
# "are believed to be buried", "said to have been executed": a hedged past act, not a hypothetical one
_HEDGED = re.compile(
    r"\b(?:believed|said|thought|reported|known|alleged|presumed|understood)\s+to\s+(?:be|have\s+been)\s+$",
    re.IGNORECASE,
)
# ("مورد محاکمه قرار نگرفته": no one was tried)
_FA_NEGATED_AFTER = re.compile(r"\s*(?:ن(?:شد|شدند|شده|کرد|کردند|کرده|بود)|نمی|قرار\s+ن(?:گرفت|گیر|می))")
# future and imperative ("اعدام کنید"), in Persian or Arabic letters (ك, ي)
_FA_FUTURE_AFTER = re.compile(
    r"\s*(?:شود|شوند|کنند|کند|کنید|كنند|كند|كنيد|بشود|بشوند|خواهند|خواهد)(?![\w\u200c])"
)
_FA_CONDEMNING_AFTER = re.compile(
    r"[\u200c ]?(?:کردن|می[\u200c ]?کنیم|میکنیم|می[\u200c ]?کند|میکند|می[\u200c ]?کنند|میکنند|نمود)"
    r"(?![\w\u200c])"
)
# "اول دستگیر می‌کنند و شکنجه می‌دهند", "مورد شکنجه قرار می‌گیرند": a habitual present told of the state
# in general (docs/annotation.md, fourteenth part: an essay's general claim names no act)
_FA_EIGHTIES = re.compile(r"(?<!\d)(?:198\d|136\d|6\d|135[89])(?!\d)|دهه (?:شصت|60)")
_FA_HABITUAL_AFTER = re.compile(
    r"[\u200c ]?(?:\s*می[\u200c ]?(?:کنند|دهند|زنند|شوند)|\s+قرار\s+می[\u200c ]?گیرند)(?![\w\u200c])"
)
# "دویست نفر را هم برای اعدام جدا کرده‌ایم": set apart for execution, which has not happened yet
_FA_PURPOSE_BEFORE = re.compile(r"(?:برای|براى|براي|جهت)\s+$")
# "تصمیم رژیم برای قتل‌عام زندانیان", "زمینه را برای اعدام‌ها آماده کرد": the decision, plan or ground
# prepared for the killings, which the account tells as done
_FA_DECIDED_FOR = re.compile(r"(?:تصمیم|نقشه|طرح|زمینه)(?:[\u200c ]?\S+)?(?:\s+\S+){0,2}\s+برای\s+$")
# "خبر را به ما انتقال دادند": news passed on, no one moved
_FA_NEWS_BEFORE = re.compile(r"(?:خبر|اخبار|پیام)(?:[\u200c ]?(?:ها|های))?(?:\s+\S+){0,3}\s+$")
# "هزاران تن از زندانیان سیاسی دهه شصت": a share of the prisoners (the killed), not a person's past in prison
_FA_SHARE_OF = re.compile(
    r"(?:بسیاری|برخی|شماری|تعدادی|هزاران|صدها|نفر|تن|جمعی|گروهی|عده[\u200c ]?ای|بعضی|اکثر|بیشتر|دیگر|"
    r"دختری|پسری|زنی|مردی)"
    r"\s+از\s+$"
)
# "به میز محاکمه کشاندن", "جلسه محاکمه حمید نوری": a trial to come or abroad, no hearing of the 1980s
# ("در حال محاکمه": being tried now; "محاکمه و مجازات": trial and punishment, the accountability sought)
_FA_TRIAL_NOW_BEFORE = re.compile(r"(?:میز|جلسه|جلسات|جلسه[\u200c ]?ی|در حال|مجازات و)\s+$")
_FA_PUNISHMENT_AFTER = re.compile(r"\s+و\s+مجازات")
# a stay in prison told with the prison named inside: "در زندان‌های اورمیه و تبریز بوده است"
_STAY_FA = re.compile(r"در (?:بند \S+ )?زندان|کدام زندان|زندانی ")
# "برای بازجویی بیرون بردند", "برای اعدام می‌روم": taken (or going) for it, which the account tells as done
_FA_TAKEN_FOR_AFTER = re.compile(
    r"(?:\s+[\w\u200c]+){0,2}?\s+(?:بیرون\s+)?(?:می[\u200c ]?)?"
    r"(?:بردند|برد|بردن|برده شد(?:ند|م|یم)?|رفت|رفتند|روم|رویم|روند|برود|بروند|رفتم|رفتیم|فرستادند|فرستاد|"
    r"آمدند|آمد|مراجعه کردند)(?![\w\u200c])"
)
_COMMISSION = re.compile(
    r"commission|committee|judge|court|tribunal|panels?\b|hakem|هیئت|هیات|هیأت|دادگاه|حاکم شرع|قاضی|کمیسیون",
    re.I,
)
_FAMILY = re.compile(
    r"\b(?:family|families|mother|father|parents|relatives|wife|husband|sister|brother|son|daughter|"
    r"widow|children|mum|dad)\b|خانواده|مادر|پدر|همسر|خواهر|برادر|پسرم|دخترم|فرزند",
    re.IGNORECASE,
)
_RELATIVE_NARRATOR = re.compile(
    r"\bmy (?:son|daughter|brother|sister|husband|wife|father|mother|fianc[ée]e?)\b|"
    r"(?:پسرم|دخترم|برادرم|خواهرم|همسرم|شوهرم|پدرم|مادرم)(?![\w\u200c])",
    re.IGNORECASE,
)
_PAPERS = re.compile(r"\s+(?:papers?|documents?|forms?|orders?|letters?)\b", re.IGNORECASE)
# "released an audio recording", "released a report": something made public, no one set free
_RELEASED_THING = re.compile(
    r"\s+(?:an?|the|his|her|their|its|this|these)\s+(?:[\w-]+\s+){0,2}?(?:recordings?|audio|tapes?|"
    r"statements?|reports?|videos?|books?|lists?|documents?|letters?|files?|footage|films?|names|"
    r"details|figures|data|findings|transcripts?)\b",
    re.IGNORECASE,
)
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|my|his|her|their|our|its|this|that)\s+$", re.IGNORECASE)
_TRANSFER_VERB = re.compile(r"\b(?:took|taken|brought|sent|moved|transported|returned)\b", re.IGNORECASE)
# a move to another prison (docs/annotation.md: another ward, section or cell of the same prison is none)
_TRANSFER_TO = re.compile(
    r"(?:\s+[\w']+){0,3}?\s+to\s+(?:the\s+|another\s+|a\s+|other\s+|our\s+|their\s+|his\s+|her\s+|my\s+|a\s+new\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:prisons?|jails?)\b"
    r"(?!\s+(?:yard|office|courtyard|hall|clinic|gate|infirmary|guards?|officials?|authorities))",
    re.IGNORECASE,
)
# "was held in", "were you held in", "prisoners held in": held where a prison or ward follows
_HELD = re.compile(
    r"\b(?:was|were|been|being|(?:was|were)\s+(?:you|they|he|she|I|we)|prisoners|detainees|inmates)\s+"
    r"(?P<verb>held|kept|imprisoned)\b",
    re.IGNORECASE,
)
_WHICH_PRISON = re.compile(r"\b(?:which|what)\s+(?:prisons?|jails?|wards?)\s+$", re.IGNORECASE)
_HELD_IN = re.compile(r"(?:\s+(?:first|then|later|mostly|also|still))?\s+(?:in|at)\s+", re.IGNORECASE)
_PRISON_WORD = re.compile(r"(?:the\s+)?(?:prisons?|jails?|solitary|wards?)\b", re.IGNORECASE)
_TO = re.compile(r"\s+to\s+", re.IGNORECASE)
_SOLITARY = re.compile(r"solitary(?:\s+confinement)?\b", re.IGNORECASE)
# "I was in Gohardasht prison", "Zand was in the prison of Hamedan": being in a prison is detention
_WAS_IN = re.compile(
    r"\b(?P<verb>was|were|been)\s+(?:still\s+|then\s+|already\s+)?in\s+(?:the\s+)?", re.IGNORECASE
)
_IN_PRISON = re.compile(r"(?:[\w-]+['’]s\s+)?(?:prisons?|jails?|a\s+solitary\s+cell)\b", re.IGNORECASE)
_POSSESSIVE_BEFORE = re.compile(r"\b(?:my|his|her|their|our)\s+$", re.IGNORECASE)
_ATTRIBUTIVE = re.compile(r"\s+(?:guards?|rooms?|cells?|chambers?|halls?|wards?|methods?)\b", re.IGNORECASE)
_FA_WAS_IN = re.compile(r"\s+((?:زندانی\s+)?(?:بودم|بودیم|بود|بودند))(?![\w\u200c])")
_FA_CARRIED = re.compile(
    r"(?<![\w\u200c])(?:بردند|برده شدیم|برده شد|بردن|می[\u200c ]?برند|می[\u200c ]?بردند)(?![\w\u200c])"
)
# the proceedings abroad are no acts of the case (docs/annotation.md): Noury's arrest by the Swedish
# authorities in 2019, the court's verdict
_ABROAD = re.compile(
    r"Swed(?:en|ish)|Stockholm|Albania|Durr[eë]s|District Court|سوئد|استکهلم|آلبانی|دورس", re.IGNORECASE
)
# "بیم دستگیری", "از ترس اعدام": the act feared; "for fear of being arrested"
_FA_FEARED_BEFORE = re.compile(r"(?<![\w\u200c])(?:بیم|ترس|هراس|واهمه)(?:[\u200c ]?ی)?\s+$")
# "در زندان‌های شاه", "by SAVAK": the previous regime's prisons, no acts of the case (docs/annotation.md)
_SHAH_BEFORE = re.compile(
    r"(?:زندان[\u200c ]?(?:ها|های)?|رژیم|دوران|دوره|زمان)\s+(?:رژیم\s+)?شاه(?![\w\u200c])[^.؟!]{0,20}$"
    r"|ساواک[^.؟!]{0,20}$|\b(?:the Shah|SAVAK)\b[^.;]{0,30}$",
    re.IGNORECASE,
)
_SHAH_AFTER = re.compile(
    r"\s+(?:by|توسط)\s+(?:the\s+)?(?:SAVAK|ساواک|the Shah)"
    r"|\s+(?:during|under|in)\s+(?:the\s+)?(?:time\s+of\s+the\s+)?Shah['’]?s?\s+(?:regime|time|era|rule|days)"
    r"|\s+(?:در|به)\s+(?:زمان|دوران|دوره|رژیم)\s+شاه(?![\w\u200c])",
    re.IGNORECASE,
)
# a life term, the sentence of the trial abroad (the accounts of the 1980s tell fixed terms or death)
_LIFE_TERM = re.compile(
    r"\b(?:life|lifetime) (?:imprisonment|sentence|in prison|term)\b|\bto life\b|حبس ابد", re.IGNORECASE
)
# "transferred between different sections", "to the end of the corridor": within one prison, no transfer
_WITHIN_PRISON = re.compile(
    r"(?:\s+\w+){0,2}?\s+(?:between|to|into)\s+(?:the\s+)?(?:different\s+|other\s+|another\s+|general\s+|"
    r"end\s+of\s+the\s+)?(?:sections?|wards?|cells?|rooms?|corridor|hallway|yard|solitary|floors?)\b",
    re.IGNORECASE,
)
# "If he is eventually released": a condition, not an act
# ("hundreds, if not thousands of executions": "if not" raises the figure, no condition)
_IF_BEFORE = re.compile(r"\bif\s+(?!not\b)(?:\w+\s+){0,3}$", re.IGNORECASE)
# "prevent Iran from executing prisoners", "intends to punish and execute": an act to come, not one told
_PREVENTED_OR_INTENDED = re.compile(
    r"\bprevent(?:s|ed|ing)?\s+(?:[\w-]+\s+){0,2}from\s+$"
    r"|\b(?:intends?|intending|plans?|planning)\s+to\s+(?:[\w-]+,?\s+(?:and\s+)?){0,3}$",
    re.IGNORECASE,
)
# (Solar years of this century too: "آبان سال ۹۸", 1398)
_RECENT_YEAR = re.compile(r"(?<!\d)(?:20[12]\d|139\d|140\d)(?!\d)|(?<=سال )9\d(?!\d)")
_PERIOD_YEAR = re.compile(r"(?<!\d)(?:19[6-9]\d|13[4-7]\d)(?!\d)")
# "منتهی به انقلاب ۱۳۵۷", "before the revolution": a time before the Islamic Republic, unless a year of the
# 1980s is told in the same sentence
_PRE_REVOLUTION = re.compile(
    r"(?:منتهی|پیش|قبل) (?:به|از) انقلاب|\b(?:before|prior to) the (?:\w+ )?revolution\b", re.IGNORECASE
)
_POST_REVOLUTION_YEAR = re.compile(r"(?<!\d)(?:135[89]|136\d|1979|198\d|1990)(?!\d)")
_ANY_YEAR = re.compile(r"(?<!\d)(?:1[34]\d\d|19\d\d|20\d\d)(?!\d)")
_PRE_REVOLUTION_YEAR = re.compile(r"(?:13[45]\d|196\d|197[0-8])")


def _nearest_year_before_1979(sentence: str, at: int, start: int) -> bool:
    """The year written nearest the trigger in its sentence is one before the revolution ("بازداشت نخست: سال
    ۱۳۵۳", "arrested by SAVAK in 1975"); 1357 and 1978 are the revolution's own years and count as before."""
    years = [(abs(at + m.start() - start), m.group()) for m in _ANY_YEAR.finditer(sentence)]
    if not years:
        return False
    year = min(years)[1]
    return _PRE_REVOLUTION_YEAR.fullmatch(year) is not None and year not in ("1358", "1359")


# ("سال ۶۱": a year of the 1360s written short)
_EIGHTIES_YEAR = re.compile(r"(?<!\d)(?:198\d|136\d|135[89])(?!\d)|(?<=سال )6\d(?!\d)|(?<=سال)6\d(?!\d)")
# a verdict or conviction (not "the orders of", "fatwa"), which a later year makes today's court's
_VERDICT = ("حکم", "محکوم", "sentenced", "verdict", "convicted")
_LATER_YEAR = re.compile(r"(?:199[7-9]|20[0-3]\d|137[6-9]|13[89]\d|140\d)")


def _nearest_year_later(sentence: str, at: int, start: int) -> bool:
    """The year written nearest the trigger in its sentence is of a later crackdown ("در جریان حوادث سال
    ۱۳۸۸ … در بازداشت", "arrested again in 2009"): no act of the 1980s (docs/annotation.md, fourth and
    fourteenth parts)."""
    if _EIGHTIES_YEAR.search(sentence):
        return False  # "از سال ۱۳۶۱ تا ۱۳۷۸ در زندان‌ها": a stay that began in the 1980s
    years = [(abs(at + m.start() - start), m.group()) for m in _ANY_YEAR.finditer(sentence)]
    return bool(years) and _LATER_YEAR.fullmatch(min(years)[1]) is not None


# "the massacre had not begun yet": told as not having happened (docs/annotation.md: negated)
_NOT_BEGUN_AFTER = re.compile(
    r"\s+(?:had|has|have|did|does)\s*(?:not|n't)\s+(?:yet\s+)?(?:begun|began|begin|started|start|happened|happen|"
    r"taken\s+place|take\s+place)\b",
    re.IGNORECASE,
)
# "I was detained in this city until 1989", "temporarily detained": held, not the arrest
_HELD_UNTIL = re.compile(r"[^.;]{0,30}?\buntil\b", re.IGNORECASE)
# "the wards I was detained in at Evin", "detained in a solitary cell": where one was held
_DETAINED_IN = re.compile(
    r"\s+in\s+(?:at|in)\b|\s+(?:in|at)\s+(?:the\s+|a\s+)?(?:[\w-]+\s+)?(?:prisons?|jails?|wards?|cells?|solitary)\b",
    re.IGNORECASE,
)
# "این بازداشت طول کشید", "طی مدت ۹ ماه بازداشتتان": how long the custody lasted, a detention
_LASTED_AFTER = re.compile(r"[\w\u200c]*\s+(?:\S+\s+){0,3}?طول\s+(?:کشید|می[\u200c ]?کشید)")
# ("بعد از یک هفته بازداشت در کمیته": a week in custody)
_FA_DURATION_BEFORE = re.compile(r"مدت\s+(?:\S+\s+){0,3}$|(?<![\w\u200c])(?:روز|هفته|ماه)\s+$")
_COURT = re.compile(r"\bcourt\b|دادگاه", re.IGNORECASE)
_BODIES_BEFORE = re.compile(r"(?:اجساد|جسد|پیکر|bodies|body|remains)", re.IGNORECASE)
# "transferred the remains of …": bodies moved to a grave site
_BODIES_AFTER = re.compile(r"\s+(?:the\s+|their\s+|his\s+|her\s+)?(?:bodies|body|remains)\b", re.IGNORECASE)
# "روز جهانی حمایت از قربانیان شکنجه", "International Day in Support of Victims of Torture": a day's name
_WORLD_DAY = re.compile(r"روز جهانی[^.،؟!»\"\n]{0,40}$|\bInternational Day\b[^.\"\n]{0,50}$", re.IGNORECASE)
# "Category: executions", "Tags: …", "موضوع: …": a site's tag line names no act (docs/annotation.md)
_TAG_LINE = re.compile(
    r"(?:\b(?:Category|Categories|Tags?|Topics?)|موضوع|برچسب|گروه خبری)\s*:[^\n.]{0,60}$", re.IGNORECASE
)
# "a report titled Deadly Fatwa: Iran's Prison Massacres", "کتابی با عنوان «…»" (guillemets folded to '"'):
# words of a cited work's title name no act (docs/annotation.md, eleventh part)
_TITLED = re.compile(
    r"\b(?:titled|entitled)\s+[\"“‘']?(?:[A-Z0-9][\w’'-]*[:,]?\s+){0,8}$"
    r'|(?:عنوان|کتاب|مقاله|فیلم)\s*"[^"\n]{0,80}$'
)
# "محل دفن" (where), "حق دفن" (the right to a burial), "no burial": no burial told
_BURIAL_PLACE = re.compile(
    r"(?:محل|جای|مکان|حق|مراسم)\s+(?:(?:واقعی|دقیق|اصلی)\s+)?$|\bno\s+$|\bright to (?:a\s+)?$", re.IGNORECASE
)
_GRAVE_WORDS = re.compile(r"محل دفن|گور|مزار|جسد|اجساد|پیکر")
_NEEDS_COMMISSION = (
    "summoned", "appeared before", "taken before", "sent before", "tried by", "called before",
)  # fmt: skip
_GENERIC_FAMILY = (
    "not", "never", "refused", "kept", "visit", "we ", "they ", "no one", "nobody",
    "خبری", "چیزی", "اطلاع", "هرگز", "هیچ", "جوابی", "اجازه", "ملاقات", "خبردار",
)  # fmt: skip


# a blocked road, a siege, a ban "declared": the families kept from the graves where the sentence names the
# cemetery, the families or their ceremony (docs/annotation.md, seventeenth part)
_FA_BLOCKED = ("مسدود", "جلوگیری کرد", "جلوگیری می", "جلوگیری شد", "ممنوع")
_FA_VIGIL = re.compile(r"گورستان|خاوران|گلزار|آرامستان|قبرستان|مزار|خانواده|مراسم|ملاقات")
# "اجازه برگزاری مراسم … را ندادند": the permission refused (a permission given is no act)
_FA_NOT_GIVEN = re.compile(r"[^.؟!]{0,90}?(?<![\w\u200c])ن(?:دادند|داد|داده|می[\u200c ]?(?:دهند|دادند|دهد))")
# "موجب شد که … محکوم شوند": a subjunctive after a past "caused", told as done
_FA_CAUSED = re.compile(r"(?:موجب|باعث|سبب)\s+(?:شد|شده|گردید)(?![\w\u200c])")
# "تحت تعقیب برای کشتار …": prosecuted for the massacre, which happened (no purpose)
_FA_CHARGED_FOR = re.compile(  # (the heading "تحت تعقیب" may end the paragraph before)
    r"(?:تعقیب|محاکمه|مجازات|بازخواست|پاسخگویی|مسئولیت|مسئول)(?:\s+\S+){0,2}\s+برای\s+$"
)
# "دفن درگذشتگان بهایی", "به تازگی دو نفر دفن شده‌اند": the dead of other times buried at the site, no act
_FA_OTHER_DEAD = re.compile(r"درگذشت|مردگان|به[\u200c ]?تازگی|اخیرا|اخیراً")
# "از خاکسپاری چند جسد در گورستان اعتراض کردند": a burial the families protest now, at the site
_FA_PROTESTED_AFTER = re.compile(r"[^.؟!]{0,40}?اعتراض")
# "new burial plots": graves as a thing, no burial told
_BURIAL_PLOT_AFTER = re.compile(r"\s+(?:plots?|grounds?)\b", re.IGNORECASE)
# "a report released by …": the thing released, no one set free
_THING_BEFORE = re.compile(
    r"\b(?:reports?|statements?|videos?|studies|study|letters?|documents?|recordings?|findings|books?|films?)"
    r",?\s+(?:(?:was|were|has\s+been|have\s+been|recently|just)\s+)*$",
    re.IGNORECASE,
)
# "به رژیم هشدار داده بود": a warning addressed to the state, no one threatened
_FA_WARNED_STATE = re.compile(r"(?:به|برای)\s+(?:رژیم|دولت|حکومت|مقامات|جمهوری اسلامی)\s+$")
# "prisoners detained for political reasons", "most of them detained since 1981": held, not the arrest
_DETAINED_SINCE = re.compile(r"\s+since\b", re.IGNORECASE)
_DETAINED_PEOPLE_BEFORE = re.compile(
    r"\b(?:prisoners|people|persons|individuals|activists|them|others|those)\s+$", re.IGNORECASE
)
_DETAINED_FOR = re.compile(
    r"\s+(?:for|on)\s+(?:\w+\s+)?(?:political|politically|their|his|her)\b", re.IGNORECASE
)


# "مراحل بازجویی و شکنجه": the interrogation with torture, before any court (no commission's questioning)
_FA_WITH_TORTURE = re.compile(r"(?:[\u200c ]?(?:ها|های))?\s+و\s+شکنجه")


@cache
def _patterns(language: str) -> list[tuple[str, re.Pattern[str]]]:
    acts = lexicon().raw["acts"][language]
    out = []
    for term in ACT_TERMS:
        alt = "|".join(sorted(acts.get(term, []), key=len, reverse=True))
        if not alt:
            continue
        if language == "fa":
            out.append((term, guarded(re.compile(boundary_fa(alt)))))
        else:
            out.append((term, guarded(re.compile(rf"\b(?:{alt})\b", re.IGNORECASE))))
    return out


# "کشتارزندانیان": the massacre written against the word after it, with no space
_FA_JOINED = re.compile(r"(?<![\w\u200c])(?:کشتار|قتل[\u200c ]?عام)(?=زندانی)")


def _without_marks(norm: str, text: str) -> tuple[str, list[int]]:
    """`norm` without the vowel marks and tatweel written inside words ("کُشتار"), and for each of its
    characters the offset in `norm` (the marks are folded to ZWNJ, which splits a word for the lexicon)."""
    keep = [i for i, c in enumerate(text) if ord(c) not in MARKS]
    return "".join(norm[i] for i in keep), keep


def _context(doc: Document, start: int) -> str:
    sentence = doc.sentence_at(start)
    previous = doc.neighbour(sentence, -1)
    return doc.norm[(previous or sentence).start : sentence.end]


def _paragraph(doc: Document, start: int) -> str:
    sentence = doc.sentence_at(start)
    first = last = sentence
    while (step := doc.neighbour(first, -1)) is not None:
        first = step
    while (step := doc.neighbour(last, 1)) is not None:
        last = step
    return doc.norm[first.start : last.end]


_HEARING_NOW_FA = re.compile(r"استماع|جلسه[ۀ\u200c]?(?:ی)? بعدی|تعطیلات دادگاه|روز محاکمه")
# a sentence of a hearing held now: its witness testifies, its court day runs
_HEARING_NOW = re.compile(
    r"\b(?:the witness|witness\s+\d+|court day|testif\w*|the defendant|video link|prosecutors?\s+[A-Z]\w+|"
    r"report\s+\d+|(?:his|her|the)\s+client|the\s+prosecution|will\s+participate|testimony|plaintiffs?|lawyers?|"
    r"London|(?:The\s+)?Hague)\b",
    re.IGNORECASE,
)


def _arrested_abroad(sentence: str, at: int, norm: str, start: int, end: int) -> bool:
    """A recent year or the authorities abroad make an arrest the accused's, unless a year of the 1980s
    stands nearer the arrest than the recent one ("On 9 November 2019 … arrested by the Swedish police …
    for his role in the 1988 massacre" is the accused's arrest)."""
    if _BY_POLICE_ABROAD.match(norm, end):
        return True
    if ("authorit" in sentence.lower() or not _RECENT_YEAR.search(sentence)) and not _PERIOD_YEAR.search(
        sentence
    ):
        return True  # the authorities abroad, or the place abroad with no year of the 1980s in the sentence
    recent = [abs(at + m.start() - start) for m in _RECENT_YEAR.finditer(sentence)]
    period = [abs(at + m.start() - start) for m in _PERIOD_YEAR.finditer(sentence)]
    return bool(recent) and (not period or min(recent) < min(period))


_BY_POLICE_ABROAD = re.compile(
    r"\s+by\s+(?:the\s+)?(?:Swedish|Albanian|Swiss|German|Dutch|British|French)\s+(?:police|authorities)",
    re.IGNORECASE,
)


_FIRST_PERSON = re.compile(r"\b(?:I|we|my|me|us)\b|(?<![\w\u200c])(?:من|ما|شدم|شدیم|بودم)(?![\w\u200c])")


# "I was sentenced to life": the witness's own term, told in the first person
_OWN_TERM = re.compile(
    r"\b(?:I|we)\s+(?:was|were|had\s+been|have\s+been)\s+(?:\w+\s+)?(?:sentenced|condemned)|\bmy\s+life\b|"
    r"(?:محکوم|حکم)[^.]{0,30}(?:شدم|شدیم|گرفتم|گرفتیم)(?![\w\u200c])",
    re.IGNORECASE,
)


def _life_term_abroad(doc: Document, sentence: str) -> bool:
    """A life term in a report of the trial abroad is the court's verdict ("when I heard that he was
    sentenced to life, I cried"), unless the witness tells his own of the 1980s ("I was sentenced to
    life")."""
    if _LIFE_TERM.search(sentence) is None or _ABROAD.search(doc.norm) is None:
        return False
    return _OWN_TERM.search(sentence) is None


def _before_long(doc: Document, start: int) -> str:
    """The sentence before `start`, up to 80 characters."""
    return doc.norm[max(doc.sentence_at(start).start, start - 80) : start]


# "… را (شدیدا) محکوم کرد": the object condemned, with no "به" of a term between
_FA_OBJECT_BEFORE = re.compile(r"(?<![\w\u200c])را\s+(?:(?:شدیدا|شدیداً|قویا|قویاً|رسما|رسماً|به\s+شدت)\s+)?$")
_FA_DID_AFTER = re.compile(r"\s*(?:کرد|کردند|کرده|نمود|نمودند)")
_POLICE_ABROAD_AFTER = re.compile(
    r"(?:[\u200c ]?(?:ها|های))?\s+(?:پلیس|police)\s+(?:سوئد|Swed|Albania|آلبانی)"
    r"|\s+by\s+(?:the\s+)?Swedish\s+police",
    re.IGNORECASE,
)
_ENVOY_AFTER = re.compile(
    r"\s+(?:the\s+|a\s+)?(?:[\w-]+\s+)?(?:envoy|ambassador|charg[ée]\s+d['’]affaires|diplomats?)\b",
    re.IGNORECASE,
)
_FA_STATE_TRIED_AFTER = re.compile(r"\s+(?:جمهوری اسلامی|رژیم|سران|عاملان|آمران|جنایتکاران)(?![\w\u200c])")
_FA_TRIED_NOW_AFTER = re.compile(r"\s*می[\u200c ]?شود(?![\w\u200c])")
# ("اگر ممکن است … بگویید": a polite request, no condition)
_FA_IF = re.compile(
    r"(?<![\w\u200c])اگر(?![\w\u200c])(?!\s+(?:ممکن|امکان|می[\u200c ]?شود|میشود)(?![\w\u200c]))"
)
# "اگر … دوباره کشتارها تکرار خواهند شد": what a condition's future holds
_FA_WILL_AFTER = re.compile(r"(?:\s+[\w\u200c]+){0,2}\s+(?:خواهند|خواهد)(?![\w\u200c])")
_TRANSFER_HEADING = re.compile(r"\s+(?:from|to)\s+[A-Z]")
# "از جوخه‌ی تیرباران گریختم", "تجربه فرار خود … پیش از اعدام", "escaped the firing squad": an execution the
# speaker escaped did not happen (to him); "فرار از اعدام‌های سال ۶۷", escaping the killings of others, stays
_FA_ESCAPED_AFTER = re.compile(r"\s*(?:[\w\u200c]+\s+)?(?:گریخت|بگریز|فرار\s+(?:کرد|کند|کنم))")
_FA_ESCAPE_BEFORE = re.compile(r"(?<![\w\u200c])فرار\s+(?:[\w\u200c]+\s+){0,4}?(?:پیش|قبل)\s+از\s+$")
_ESCAPED_BEFORE = re.compile(
    r"\bescap(?:e|ed|es|ing)\s+(?:from\s+)?(?:the\s+|an?\s+|his\s+|her\s+|my\s+)?(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)
# "به دو سال حبس و ۱۰ سال حبس تعلیقی محکوم شدم": the terms a sentence gave, no stay in prison told
_FA_TERM = re.compile(r"(?:سال|ماه)\s+(?:حبس|زندان)$")
_FA_TERM_SENTENCED_AFTER = re.compile(r"(?:\s+تعلیقی)?(?:\s+و\s+[^.،؟!]{0,30}?)?\s+(?:محکوم|محكوم)")


def _escaped(doc: Document, start: int, end: int) -> bool:
    before = doc.norm[max(doc.sentence_at(start).start, start - 50) : start]
    if doc.language != "fa":
        return _ESCAPED_BEFORE.search(before) is not None
    return _FA_ESCAPED_AFTER.match(doc.norm, end) is not None or _FA_ESCAPE_BEFORE.search(before) is not None


def _keep(term: str, doc: Document, start: int, end: int, relative_narrator: bool = False) -> str | None:
    """The term to propose for this trigger in its context, or None to drop it."""
    norm = doc.norm
    before = norm[max(0, doc.sentence_at(start).start, start - 40) : start]
    found = norm[start:end].lower()
    persian = doc.language == "fa"
    if term not in ("threats", "family_not_informed"):
        if persian:
            if _FA_NEGATED_AFTER.match(norm, end):
                return None
            if _FA_HABITUAL_AFTER.match(norm, end) and not _FA_EIGHTIES.search(
                doc.sentence_norm(doc.sentence_at(start))
            ):
                return None  # (a historical present dated to the 1360s stays an act)
            if (
                _FA_FUTURE_AFTER.match(norm, end)
                and not _FA_CAUSED.search(norm[doc.sentence_at(start).start : start])
                and not found.endswith(("ها", "های"))
            ):
                return None  # (not "موجب شد … محکوم شوند": the result of a past act; not "نقش او در این
                # اعدام‌ها خواهد داشت": a plural noun, the future is the verb's after it)
            if (
                _FA_PURPOSE_BEFORE.search(before)
                and not found.endswith(("شدگان", "شدگانی"))
                and not _FA_TAKEN_FOR_AFTER.match(norm, end)
                and not _FA_CHARGED_FOR.search(norm[max(0, start - 40) : start])
                and not _FA_DECIDED_FOR.search(norm[max(0, start - 40) : start])
                and not found.startswith("حضور")  # "برای حضور مقابل هیات": taken before it, told as done
            ):
                return None  # (not "برای اعدام‌شدگان": for the executed, a noun)
            if _FA_IF.search(norm[max(doc.sentence_at(start).start, start - 80) : start]) or (
                _FA_IF.search(norm[doc.sentence_at(start).start : start]) and _FA_WILL_AFTER.match(norm, end)
            ):
                return None  # (a condition far back in a long told sentence, "اگر بخواهم … بگویم …", is over)
            if _FA_FEARED_BEFORE.search(before):
                return None  # "بیم دستگیری‌شان": a feared act, which did not happen
        elif (
            (
                _HYPOTHETICAL.search(before)
                and not _WAITING.search(before)
                and not _PAST_POSSIBLE.search(before)
                and not _CHOSEN_OR_LED.search(before)
                and not _HEDGED.search(before)
                and not (term == "burial" and _MAY_BE.search(before))
            )
            or _NEGATED.search(before)
            or _IF_BEFORE.search(before)
            or _PREVENTED_OR_INTENDED.search(before)
            or _DENIED_BEFORE.search(_before_long(doc, start))
        ):
            return None
        elif _MANDATE_ON.search(_before_long(doc, start)):
            return None  # "Special Rapporteur on … arbitrary executions": the name of a mandate, no act
        elif term != "sentence" and _SENTENCED_TO.search(before):
            return None  # "sentenced to be lashed": the sentence is the act, the lashing is its content
    if term == "sentence" and persian and _FA_CONDEMNING_AFTER.match(norm, end):
        return None  # "این جنایت را محکوم می‌کنیم": a statement condemning, no one sentenced
    if (
        term == "sentence"
        and persian
        and found in ("محکوم", "محكوم")
        and _FA_OBJECT_BEFORE.search(before)
        and _FA_DID_AFTER.match(norm, end)
    ):
        return None  # "این حکم را شدیدا محکوم کرد": condemned (a sentence passed is "به … محکوم کرد")
    if term in ("interrogation", "hearing") and _POLICE_ABROAD_AFTER.match(norm, end):
        return None  # "بازجویی‌های پلیس سوئد": the police abroad questioning a witness now
    if term == "hearing" and _ENVOY_AFTER.match(norm, end):
        return None  # "Iran summoned the Swedish envoy": a diplomat called in
    sentence = doc.sentence_norm(doc.sentence_at(start))
    if term == "hearing":
        if "question" in found and _INTERROGATED.search(sentence) and not _COMMISSION.search(sentence):
            return "interrogation"  # "the interrogator asked me two questions": no commission's hearing
        if found == "hearing" and not _DETERMINER_BEFORE.search(before):
            return None  # "hearing the screams"
        if found == "hearing" and _HEARING_NOW.search(sentence):
            return None  # "the judge informed the witness that the hearing concerned …": today's court
        if found.startswith(_NEEDS_COMMISSION) and not _COMMISSION.search(sentence):
            return None
    # "… the Death Commission. The questioning was brief": "the" refers back to the commission's questioning
    anaphoric = persian or re.search(r"\bthe\s+$", before, re.IGNORECASE) is not None
    if (
        term == "interrogation"
        and not found.startswith("interrogator")  # the interrogator is no commission (agent noun)
        and not (persian and (_FA_WITH_TORTURE.match(norm, end) or before.endswith("مراحل ")))
        and (_COMMISSION.search(sentence) or (anaphoric and _COMMISSION.search(_context(doc, start))))
    ):
        return "hearing"  # questioned by the commission
    if (
        term == "family_not_informed"
        and found.startswith(_GENERIC_FAMILY)
        and not found.endswith(("visitors", "visits"))  # "not allowed to receive visitors": the family's
        and not relative_narrator
        and not _FAMILY.search(_paragraph(doc, start))
    ):
        return None
    if (
        term == "transfer"
        and found in ("transfer", "transfers")
        and not _DETERMINER_BEFORE.search(before)
        and not (norm[start].isupper() and _TRANSFER_HEADING.match(norm, end))
    ):
        return None  # (a heading "Transfer to Evin" names the move)
    if not persian and _NOT_BEGUN_AFTER.match(norm, end):
        return None  # "the massacre didn't start yet"
    if (
        term == "arrest"
        and found == "detained"
        and (_HELD_UNTIL.match(norm, end) or before.endswith("temporarily ") or _DETAINED_IN.match(norm, end))
    ):
        return "detention"  # "detained in this city until 1989": a stay in custody
    if (
        persian
        and term == "arrest"
        and found.startswith("بازداشت")
        and (_LASTED_AFTER.match(norm, end) or _FA_DURATION_BEFORE.search(before))
    ):
        return "detention"  # "نه ماه این بازداشت طول کشید": the custody, how long it lasted
    if term == "transfer" and _ABROAD.search(sentence) and _COURT.search(sentence):
        return None  # "the Stockholm district court relocated to Durres": the court abroad moved
    if term == "transfer" and not persian and _WITHIN_PRISON.match(norm, end):
        return None  # "transferred to other cells": a move inside one prison (docs/annotation.md)
    if term in ("arrest", "detention", "torture", "interrogation", "sentence", "release", "hearing") and (
        (_PRE_REVOLUTION.search(sentence) and not _POST_REVOLUTION_YEAR.search(sentence))
        or _nearest_year_before_1979(sentence, doc.sentence_at(start).start, start)
    ):
        return None  # "… محکوم شد اما … در جریان وقایع منتهی به انقلاب ۱۳۵۷ از زندان آزاد شد": before 1979
    if (
        (term in ("arrest", "detention", "release") or (term == "sentence" and found.startswith(_VERDICT)))
        and _nearest_year_later(sentence, doc.sentence_at(start).start, start)
        and not _FAMILY.search(sentence)
    ):
        return None  # a new arrest decades later; relatives persecuted for seeking justice stay acts
    shah = _SHAH_BEFORE.search(_before_long(doc, start)) or _SHAH_AFTER.match(norm, end)
    if term in ("arrest", "detention", "torture", "interrogation") and shah:
        return None  # under the previous regime
    at = doc.sentence_at(start).start
    if term == "arrest" and _ABROAD.search(sentence) and _arrested_abroad(sentence, at, norm, start, end):
        return None  # "apprehended by Swedish authorities in 2019": the accused's arrest abroad
    if term == "sentence" and found.startswith("verdict") and _ABROAD.search(doc.norm):
        return None  # in a report of the trial abroad, "the verdict" is the court's
    if term == "sentence" and found == "حکم" and _ABROAD.search(_context(doc, start)):
        return None  # "… دادگاه استکهلم … این حکم": "this verdict" next to the court abroad is the court's
    if term in ("sentence", "detention") and _life_term_abroad(doc, sentence):
        return None  # "sentenced to life imprisonment" in a report of the trial abroad: the court's verdict
    if term == "sentence" and found.startswith(("حکم مرگ", "حکم قتل")) and "فتوا" in sentence:
        return None  # "فتوای خمینی و حکم مرگ": the fatwa's ruling of death, no sentence passed on anyone
    if term == "execution" and _escaped(doc, start, end):
        return None  # the firing squad the speaker escaped
    if (
        persian
        and term == "detention"
        and _FA_TERM.search(found)
        and (before.endswith("به ") or _FA_TERM_SENTENCED_AFTER.match(norm, end))
    ):
        return None  # "به دو سال حبس … محکوم شدم": the term of a sentence
    if term == "burial" and _BURIAL_PLACE.search(norm[max(0, start - 16) : start]) and "جمعی" not in found:
        return None  # "محل دفن": the burial place names where, it tells no burial
    if term == "transfer" and (
        _BODIES_BEFORE.search(norm[max(0, start - 40) : start])
        or (not persian and _BODIES_AFTER.match(norm, end))
    ):
        return "burial"  # "اجساد را به جاده خاوران منتقل کرده‌اند": bodies moved to a grave site
    if term == "family_not_informed" and found.endswith("نیست") and not _GRAVE_WORDS.search(sentence[:200]):
        return None  # "محل دفن … معلوم نیست": where they lie is kept from the families; not any "unknown"
    if term == "arrest" and found == "arrest" and _POSSESSIVE_BEFORE.search(before):
        return None  # "after my arrest", "the first hour of my arrest": the arrest already told, a time
    if (
        term == "hearing"
        and persian
        and found.startswith("محاکمه")
        and (_FA_STATE_TRIED_AFTER.match(norm, end) or _FA_TRIED_NOW_AFTER.match(norm, end))
    ):
        return None  # "دادگاه مردمی محاکمه جمهوری اسلامی", "در دادگاه محاکمه می‌شود": the trial sought now
    if term == "hearing" and persian and _HEARING_NOW_FA.search(sentence):
        return None  # "جلسه‌ی بعدی محاکمه": the session of the trial abroad, today
    if term == "interrogation" and found == "questioning" and _HEARING_NOW.search(sentence):
        return None  # "the hearing began with questioning from the prosecution": today's court, no act
    if term == "interrogation" and _ATTRIBUTIVE.match(norm, end):
        return None  # "interrogation guards", "the interrogation room": a kind of guard or room, no act
    if term == "release" and (
        _RELEASED_THING.match(norm, end)
        or (norm.startswith(" of", end) and _RELEASED_THING.match(norm, end + 3))
    ):
        return None  # "Montazeri's son released an audio recording", "the release of the tape": made public
    if _TITLED.search(norm[max(0, start - 90) : start]) and (persian or norm[start].isupper()):
        return None  # a word of a cited report's or book's title
    if _TAG_LINE.search(norm[max(0, start - 70) : start]):
        return None  # "Category: executions": the page's tag line
    if _WORLD_DAY.search(norm[max(0, start - 60) : start]):
        return None  # "روز جهانی … شکنجه": the name of a day, no act
    if (
        persian
        and term == "family_not_informed"
        and found.startswith("ممانعت")
        and _FA_NEGATED_AFTER.match(norm, end)
    ):
        return None  # "ممانعت نکردند": they did not keep the families away
    if persian and term == "threats" and _FA_PURPOSE_BEFORE.search(before):
        return None  # "برای ارعاب عمومی": a purpose ascribed, no one threatened
    if (
        term == "release"
        and found == "release"
        and (not _DETERMINER_BEFORE.search(before) or _PAPERS.match(norm, end))
    ):
        return None  # "demanded release", "release papers": not the release itself
    if term == "release" and not persian and _THING_BEFORE.search(before):
        return None  # "a report released by Amnesty": made public
    if persian and term == "family_not_informed":
        if found.startswith(_FA_BLOCKED) and not _FA_VIGIL.search(sentence):
            return None  # "جاده را مسدود کردند" with no cemetery, family or ceremony: none of the vocabulary
        if (
            found.startswith("اجازه")
            and ("مراسم" in found or "سوگواری" in found or "عزاداری" in found)
            and not _FA_NOT_GIVEN.match(norm, end)
            and not before.endswith("نه ")
        ):
            return None  # a ceremony allowed is no act ("نه اجازه سوگواری … دادند": neither … allowed)
        if found.startswith("پشت") and not _FA_VIGIL.search(sentence):
            return None  # "پشت درهای بسته": behind the cemetery's closed gates, not any closed doors
    if (
        term == "burial"
        and persian
        and _FA_OTHER_DEAD.search(
            norm[max(doc.sentence_at(start).start, start - 40) : min(len(norm), end + 25)]
        )
    ):
        return None  # "دفن درگذشتگان", "به تازگی … دفن شده‌اند": others buried there, no act of the case
    if (
        persian
        and term == "family_not_informed"
        and found.startswith("از حق")
        and _FA_OTHER_DEAD.search(_context(doc, start))
    ):
        return None  # a community kept from burying its own dead of other times, not the victims' families
    if term == "burial" and persian and _FA_PROTESTED_AFTER.match(norm, end):
        return None  # a burial protested by the families today (dead of other times), no act of the case
    if persian and term == "detention" and found.startswith("زندانیان") and _FA_SHARE_OF.search(before):
        return None  # "بسیاری از زندانیان سیاسی دهه شصت": prisoners counted, no one's detention told
    if persian and term == "transfer" and _FA_NEWS_BEFORE.search(before):
        return None  # "خبر را به ما انتقال دادند": the news passed on
    if (
        persian
        and term == "hearing"
        and (_FA_TRIAL_NOW_BEFORE.search(before) or _FA_PUNISHMENT_AFTER.match(norm, end))
    ):
        return None  # "به میز محاکمه بکشانند": brought to trial now, not a hearing of the 1980s
    if (
        not persian
        and term == "family_not_informed"
        and found.endswith(("blocked", "sealed"))
        and not _ROUTE_BEFORE.search(before)
    ):
        return None  # "were blocked" only of the way to the graves
    if term == "burial" and not persian and found == "burial" and _BURIAL_PLOT_AFTER.match(norm, end):
        return None  # "new burial plots": graves, no burial told
    if persian and term == "threats" and _FA_WARNED_STATE.search(before):
        return None  # "به رژیم هشدار داده بود": the state warned, no one threatened
    if (
        term == "arrest"
        and found == "detained"
        and (
            _DETAINED_SINCE.match(norm, end)
            or (_DETAINED_PEOPLE_BEFORE.search(before) and _DETAINED_FOR.match(norm, end))
        )
    ):
        return "detention"  # "detained since 1981", "prisoners detained for political reasons": held
    return term


def find_acts(doc: Document, taken: bytearray, places: list[GazetteerMatch]) -> list[Mention]:
    norm = doc.norm
    language = "fa" if doc.language == "fa" else "en"
    found: list[tuple[int, int, str]] = []
    marked = language == "fa" and any(ord(c) in MARKS for c in doc.text)
    bare, at = _without_marks(norm, doc.text) if marked else (norm, [])
    for term, pattern in _patterns(language):
        if marked:  # matched without the marks, offsets mapped back
            found.extend(
                (at[m.start()], at[m.end() - 1] + 1, term)
                for m in pattern.finditer(bare)
                if m.end() > m.start()
            )
        else:
            found.extend((m.start(), m.end(), term) for m in pattern.finditer(norm))
    if language == "fa":
        found.extend((m.start(), m.end(), "execution") for m in _FA_JOINED.finditer(norm))
    found.extend(_transfers(doc, places))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
    mask = bytearray(taken)
    # "در بند ۴ زندان تبریز بودم": a Persian stay in a named prison is one act enclosing the place
    around_places = bytearray(taken)
    for p in places:
        around_places[p.start : p.end] = b"\x00" * (p.end - p.start)
    # told by a victim's relative ("my brother", "پسرم"): what "they never told us" is about is the family
    relative_narrator = _RELATIVE_NARRATOR.search(norm) is not None
    mentions: list[Mention] = []
    for start, end, term in found:
        encloses = (
            language == "fa"
            and term == "detention"
            and (_STAY_FA.match(norm, start) is not None or "سپری" in norm[start:end])
        )  # ("بقیه زندانش را در زندان‌های اوین و … سپری کرد": the term served, the prisons named inside)
        if any((around_places if encloses else mask)[start:end]):
            continue
        kept = _keep(term, doc, start, end, relative_narrator)
        if kept is None:
            continue
        mask[start:end] = around_places[start:end] = b"\x01" * (end - start)
        confidence = 0.7 if kept == term else 0.6
        mentions.append(Mention("act", start, end, doc.text[start:end], kept, None, confidence, {}))
    mentions.sort(key=lambda m: m.start)
    for m in mentions:
        taken[m.start : m.end] = b"\x01" * (m.end - m.start)
    return mentions


# "اساسا اوین بودم": "در" left out before the prison, in the first person (not after a preposition)
_FA_BARE_STAY_BEFORE = re.compile(r"(?<![\w\u200c])(?!(?:از|به|تا|با|برای|و|که|را|در)\s+$)[\w\u200c]+\s+$")
_FA_WARD = re.compile(r"(?<![\w\u200c])(?:بند|زیرزمین|اتاق|سلول|راهرو|حسینیه|بهداری|انفرادی)(?![\w\u200c])")


def _transfers(doc: Document, places: list[GazetteerMatch]) -> list[tuple[int, int, str]]:
    """ "They took me to the general ward", "I was taken to Gohardasht", "از اوین به گوهردشت بردند"."""
    norm = doc.norm
    prisons = {p.start for p in places if p.entry.kind == "prison"}
    out: list[tuple[int, int, str]] = []
    if doc.language == "fa":
        prison_ends = {p.end for p in places if p.entry.kind == "prison"}
        for p in places:
            # "در زندان گوهردشت بودم": being in a named prison is detention (the verb is the trigger)
            verb = _FA_WAS_IN.match(norm, p.end) if p.entry.kind == "prison" else None
            if verb is not None and (
                norm[max(0, p.start - 3) : p.start] == "در "
                or (
                    verb.group(1) in ("بودم", "بودیم")
                    and _FA_BARE_STAY_BEFORE.search(norm, max(0, p.start - 30), p.start)
                )
            ):
                out.append((verb.start(1), verb.end(1), "detention"))
        for m in _FA_CARRIED.finditer(norm):
            before = norm[max(0, m.start() - 40) : m.start()]
            marker = before.rfind("به ")
            if marker >= 0:
                gap_start = max(0, m.start() - 40) + marker + 3
                if not _FA_WARD.search(norm, gap_start, m.start()) and any(
                    end <= m.start() and end >= gap_start and not norm[end : m.start()].strip("؛ ")
                    for end in prison_ends
                ):  # ("به زیرزمین ۲۰۹ اوین بردند": a ward of the prison, no transfer)
                    out.append((m.start(), m.end(), "transfer"))
        return out
    for m in _HELD.finditer(norm):
        near = norm[m.end() : m.end() + 40]
        held_in = _HELD_IN.match(near)
        if held_in is not None and (
            m.end() + held_in.end() in prisons or _PRISON_WORD.match(near, held_in.end())
        ):
            # "was held in Evin", "kept in solitary (confinement)": one act, the confinement inside it
            solitary = _SOLITARY.match(near, held_in.end())
            out.append((m.start("verb"), m.end() + (solitary.end() if solitary else 0), "detention"))
        elif _WHICH_PRISON.search(norm[max(0, m.start() - 30) : m.start()]):
            out.append((m.start("verb"), m.end(), "detention"))  # "in which prison were you held?"
    for m in _WAS_IN.finditer(norm):
        if m.end() in prisons or _IN_PRISON.match(norm, m.end()):
            out.append((m.start("verb"), m.end() - len(m.group(0)) + len(m.group(0).rstrip()), "detention"))
    for m in _TRANSFER_VERB.finditer(norm):
        if _TRANSFER_TO.match(norm, m.end()):
            out.append((m.start(), m.end(), "transfer"))
            continue
        tail = norm[m.end() : m.end() + 80]
        for to in _TO.finditer(tail):
            if len(tail[: to.start()].split()) > 6 or re.search(r"[.;!?]", tail[: to.start()]):
                break
            if m.end() + to.end() in prisons:  # "I was taken to Gohardasht"
                out.append((m.start(), m.end(), "transfer"))
                break
    return out


# the patterns above behind a lookahead for what their matches start with: the same matches, found faster
guard_all(globals())
