"""Bylines as Chinese, Japanese and Korean papers write them, rewritten into the shape the byline splitter reads
(names between separators), and the plain-text byline lines of those languages.

The conventions, by language (none is a site's):
- Korean wire style: a dateline "place=outlet" before the reporter, bracketed or not ("[부산=스포츠조선 선수민
  기자]", "(서울=연합뉴스) 홍길동 기자 = 본문…", "스포츠조선=선수민 기자"); the job word after the names, which
  are written without spaces, so a space between two names before "기자" separates two people.
- Japanese papers: the place and the reporter in lenticular brackets, "【ワシントン＝山田太郎】", as a byline or opening
  the first paragraph.
- Chinese: "記者林宸誼／台北報導" (the place the story was filed from after a slash, "報導"/"报道"/"电"), the paper
  before the job word ("聯合報 記者…", "本报记者 张三", "新华社记者 …"), several reporters after it separated by
  spaces ("记者 张三 李四"); a "text by" label with a slash or colon ("文/张三", "撰文：李四", "取材・文／山田太郎").
Imports only the standard library.
"""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_HAN_START = r"(?=[\u3400-\u9fff])"
# The "text by" label words: "文", "撰文", "作者", "图文", "取材・文", "文・写真"
_LABEL_WORDS = r"(?:撰文|作者|图文|圖文|(?:取材|写真)・文|文・(?:写真|構成)|文)"
# A Korean name, written without spaces: two to four syllables
_KOREAN_NAME = r"[\uac00-\ud7af]{2,4}"
_KOREAN_JOBS = r"(?:선임기자|객원기자|기자|특파원|논설위원)"
# A whole byline in brackets holding a Korean dateline or ending with the job word: "[부산=스포츠조선 선수민 기자]",
# "[이데일리 홍길동 기자]"
_BRACKETED = re.compile(
    rf"^[\[(（【]([^\[\]()（）【】]*=[^\[\]()（）【】]*|[^\[\]()（）【】]*{_KOREAN_JOBS})[\])）】]$"
)
# The Korean "text by" label: "글 홍길동", "글·사진 홍길동" (text and pictures), "글=홍길동"
_KOREAN_LABEL = re.compile(r"^글(?:\s*[·ㆍ/]\s*사진)?(?:\s*[=:：]\s*|\s+)(?=[\uac00-\ud7af])")
# The last word of a Korean outlet's name before its reporter ("이데일리 홍길동 기자", "머니투데이 …", "스포츠조선 …"):
# newspapers, dailies, broadcasters, wires, magazines
_KOREAN_OUTLET = re.compile(
    r"(?:뉴스|일보|신문|경제|데일리|투데이|닷컴|방송|타임스|저널|미디어|뉴시스|통신|비즈|포스트|스포츠|조선|헤럴드|"
    r"위크|리뷰|코리아|TV|tv)$|\d|[A-Za-z]"
)
# A bracketed dateline before the reporter: "(서울=연합뉴스) 홍길동 기자", "[서울=뉴시스]홍길동 기자"
_DATELINE_GROUP = re.compile(r"^[\[(（【][^\[\]()（）【】=]{1,15}=[^\[\]()（）【】]{1,20}[\])）】]\s*(?=\S)")
# "place=" or "outlet=" before the rest: "부산=스포츠조선 선수민 기자", "스포츠조선=선수민 기자"
_EQUALS_PREFIX = re.compile(r"^[^\s=]{1,15}\s*=\s*(?=\S)")
# Korean names before a job word ending the byline: "홍길동 김철수 기자" (a space separates two people), also
# after the time ("입력 2023.01.01 10:00 홍길동 기자"); as few names as the words allow, so that a compound job
# word is not read as a name and a job ("홍길동 선임기자" is not "홍길동 선임" + "기자")
_KOREAN_NAMES_JOB = re.compile(
    rf"(?:^|(?<=[\s\d]))((?:{_KOREAN_NAME}\s+)*?{_KOREAN_NAME})\s*({_KOREAN_JOBS})$"
)
# The place a Chinese story was filed from, after a slash: "／即時報導", "/台北报道", "／北京电"
_FILED_FROM = re.compile(r"\s*[/／]\s*[^\s/／]{0,10}(?:報導|报道|報道|电|電)\s*$")
# The job word before the reporters' names, and the paper before it: "聯合報 記者林宸誼", "本报记者 张三"
_CHINESE_JOB_FIRST = re.compile(
    rf"^.*?(?:特约记者|特約記者|记者|記者|特派員|特派员|通讯员|通訊員)\s*{_HAN_START}"
)
# A "text by" label: "文/张三", "撰文：李四", "取材・文／山田太郎", "文・写真／…"
# (a bar or a space may stand for the slash: "文｜张三", "文 | 张三", "撰文 张三")
_TEXT_LABEL = re.compile(rf"^(?:{_LABEL_WORDS}\s*[/／:：|｜]\s*|{_LABEL_WORDS}\s+){_HAN_START}")
_HAN_NAME = re.compile(r"^[\u3400-\u9fff]{2,4}$")
# Japanese papers' dateline, the reporter after the place: "【ワシントン＝山田太郎】", "【北京=中沢克二】"
_JAPANESE_DATELINE = re.compile(
    r"^[【\[(（]?[^\s=＝【】\[\]()（）]{1,12}[=＝]\s*([^\s=＝【】\[\]()（）]{2,20})[】\])）]?$"
)
_JAPANESE_LEAD = re.compile(r"^【[^【】=＝\s]{1,12}[=＝]([^【】=＝\s]{2,20})】")


def rewrite_cjk_byline(text: str) -> str:
    """``text`` with the conventions above turned into names between `` | `` separators; unchanged when it
    holds no CJK character (the pre-test keeps this off every other byline)."""
    if not _CJK.search(text):
        return text
    if _HANGUL.search(text):
        return _korean(text)
    return _chinese(text)


def _korean(text: str) -> str:
    bracketed = _BRACKETED.match(text)
    if bracketed:
        text = bracketed.group(1).strip()
    text = _DATELINE_GROUP.sub("", text)
    after_equals = _EQUALS_PREFIX.sub("", text)
    if after_equals != text:
        words = after_equals.split()
        # "스포츠조선 선수민 기자": the first word after "place=" is the outlet, when names follow it
        text = (
            " ".join(words[1:]) if len(words) >= 3 and re.fullmatch(_KOREAN_JOBS, words[-1]) else after_equals
        )
    text = _KOREAN_LABEL.sub("", text)
    names_job = _KOREAN_NAMES_JOB.search(text)
    if names_job:
        names = names_job.group(1).split()
        if len(names) > 1 and _KOREAN_OUTLET.search(names[0]):
            names = names[1:]  # the outlet, then its reporter
        return " | ".join(names)
    return text


def _chinese(text: str) -> str:
    dateline = _JAPANESE_DATELINE.match(text)
    if dateline:
        return dateline.group(1)
    text = _FILED_FROM.sub("", text)
    labelled = _TEXT_LABEL.match(text) or _CHINESE_JOB_FIRST.match(text)
    if not labelled:
        return text
    words = text[labelled.end() :].split()
    if len(words) > 1 and all(_HAN_NAME.match(word) for word in words):
        return " | ".join(words)  # "记者 张三 李四": several reporters
    return " ".join(words)


# A plain-text line that is a CJK byline: a label or job word then a name ("文/张三", "记者 张三 李四", "撰文：李四
# 2024-05-01"), or Korean names then the job word ("홍길동 기자", "홍길동 기자 hong@…")
_PLAIN_CHINESE = re.compile(rf"^(?:{_LABEL_WORDS}\s*[/／:：]\s*|(?:本报|本報)?(?:记者|記者)\s+){_HAN_START}")
_PLAIN_KOREAN = re.compile(rf"^(?:{_KOREAN_NAME}[\s·,]+)*{_KOREAN_NAME}\s*{_KOREAN_JOBS}(?![\w])")
# The Korean wire lead opening the first paragraph: "[서울=뉴시스]홍길동 기자 = 본문…"
_KOREAN_LEAD = re.compile(
    rf"^(?:[\[(（][^\[\]()（）]{{1,25}}[\])）]\s*)?((?:{_KOREAN_NAME}[\s·,]+)*{_KOREAN_NAME})"
    rf"\s*{_KOREAN_JOBS}\s*=\s"
)
_MAX_PLAIN = 60
# A labelled writer on a line of its own: "文＝山田太郎", "執筆者：山田太郎", "ライター：ヤマダタロウ", "记者：张三",
# "作者：张三　来源：新华网" (the label and its separator; the name runs to the next label, bracket or digit)
_PLAIN_LABEL = re.compile(
    r"^(?:撰文|作者|图文|圖文|(?:取材|写真)・文|文・(?:写真|構成)|文|執筆者|執筆|执笔|筆者|著者|ライター|"
    r"(?:本报|本報)?(?:记者|記者))\s*[/／:：=＝|｜]\s*"
)
_NAME_END = re.compile(r"[\s\u3000]+\S+[:：]|[（(【\[〔]|\d")
# A Chinese or Japanese name: Han characters or kana, with at most one space between family and given name
_CJK_NAME = re.compile(
    r"^[\u3040-\u30ff\u3400-\u9fff・]{2,10}(?:[ \u3000][\u3040-\u30ff\u3400-\u9fff]{1,6})?$"
)
# A Korean byline line: "글 홍길동" (text by), an outlet or a bracket before the reporter ("[이데일리 홍길동 기자]"),
# or the reporter closing a line after the time ("기사입력 2024.05.01 10:00 홍길동 기자")
_PLAIN_KOREAN_LABEL = re.compile(rf"^글(?:\s*[·ㆍ/]\s*사진)?\s+{_KOREAN_NAME}$")
_PLAIN_KOREAN_OUTLET = re.compile(
    rf"^[\[(（]?[^\s\[\]()（）]{{1,10}}\s+(?:{_KOREAN_NAME}[\s·,]+)*{_KOREAN_NAME}\s*{_KOREAN_JOBS}[\])）]?$"
)
_KOREAN_CLOSING = re.compile(rf"(?:^|\s)((?:{_KOREAN_NAME}[\s·,]+)*?{_KOREAN_NAME}\s*{_KOREAN_JOBS})\s*$")


def plain_cjk_byline(line: str) -> str | None:
    """The byline a plain-text line under the headline holds in a CJK convention, as a raw byline for the
    splitter; ``None`` when it holds none. A Chinese line is a byline only when what follows the label is names
    (short words of Han characters before any date): "记者会上，市长表示…" (a press conference) is no byline."""
    if not _CJK.search(line[:40]):
        return None
    lead = _KOREAN_LEAD.match(line)
    if lead:
        return lead.group(1) + " 기자"
    japanese = _JAPANESE_LEAD.match(line)
    if japanese:
        return japanese.group(1)
    if len(line) > _MAX_PLAIN:
        return None
    korean = _PLAIN_KOREAN.match(line)
    if korean:
        return korean.group(0)
    if _PLAIN_KOREAN_LABEL.match(line) or _PLAIN_KOREAN_OUTLET.match(line):
        return line
    closing = _KOREAN_CLOSING.search(line) if _HANGUL.search(line) else None
    if closing:
        return closing.group(1)
    labelled = _PLAIN_LABEL.match(line)
    if labelled:
        name = _NAME_END.split(line[labelled.end() :], maxsplit=1)[0].strip()
        if _CJK_NAME.match(name):
            return name
    chinese = _PLAIN_CHINESE.match(line)
    if chinese:
        names = re.split(r"\d", line[chinese.end() :], maxsplit=1)[0].split()  # a date may follow the names
        if names and all(_HAN_NAME.match(word) for word in names):
            return line
    return None
