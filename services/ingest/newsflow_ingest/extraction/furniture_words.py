"""The words of body furniture in the major news languages, for the rules that find it by its shape
(``boilerplate``, ``edge_lines``, ``body_start``): the label before a link to another story ("Baca juga:",
"Читайте также:", "اقرأ أيضا:", "関連記事"), the heading of a list of such links ("Berita terkait", "Похожие
новости"), calls to follow, share or subscribe ("Bizi takip edin", "Подписывайтесь на наш канал"), and the label of
a picture's credit ("Фото:", "צילום:", "تصوير:").

The words come from each language's own conventions (roughly the thirty biggest news languages: European,
Turkish, Indonesian/Malay, Vietnamese, Thai, Cyrillic, Arabic-script, Hebrew, Indic, Chinese, Japanese, Korean).
These words also occur in sentences, so none of them drops a line alone: every rule that uses them adds the
shape the English rule asks for (the rest of the line is a link of the page, the line is a heading of its own,
a short call with nothing else, among the last lines). Imports the standard library and ``byline_words``, whose
picture-credit labels serve bylines and body lines alike.
"""

from __future__ import annotations

import re

from newsflow_ingest.extraction.byline_words import PICTURE_ABBREVIATION, PICTURE_LABEL_PATTERN

# Characters written in two ways in Unicode: precomposed or as a base and a nukta (Devanagari ड़ ढ़ फ़, Bengali
# ড় ঢ়); NFC keeps the latter (they are composition exclusions), pages print both.
_DDH = "(?:\u095d|\u0922\u093c|ढ)"  # ढ़ (पढ़ें: "read")
_PH = "(?:\u095e|\u092b\u093c|फ)"  # फ़ (फ़ॉलो: "follow")
_DR = "(?:\u095c|\u0921\u093c|ड)"  # ड़ (जुड़ें: "join")
_BN_RR = "(?:\u09dc|\u09a1\u09bc)"  # ড় (পড়ুন: "read")
# Arabic-script letters that Arabic and Persian/Urdu keyboards write differently: alef with or without hamza,
# yeh, kaf, heh.
_ALEF = "[اأإآ]"
_YEH = "[يیى]"
_KAF = "[كک]"
_HEH = "[هہة]"
_ALSO = f"{_ALEF}{_YEH}ضً?{_ALEF}ً?"  # أيضا, أيضاً, أيضًا: "also"

# "Read also", "Related": a label that the linked headline of another story follows, in the major news languages.
# English, Italian, German, French, Spanish and Portuguese are in ``boilerplate._LINK_LABEL`` already.
_READ_ALSO = (
    # de, fr, es, it, pt: beyond the first words of boilerplate's English-led pattern
    r"lesen sie (?:mehr|weiter)|mehr zum thema|auch interessant|siehe auch|"
    r"(?:à )?lire (?:également|la suite)|à voir aussi|sur le même sujet|"
    r"lea también|lee (?:además|más)|lea además|te puede interesar|le puede interesar|ver también|"
    r"noticia relacionada|leggi pure|vedi anche|potrebbe interessarti|approfondisci|"
    r"leia mais|leia ainda|veja também|veja mais|saiba mais|confira também|"
    # tr, id/ms, vi, tl, sw
    r"devamını oku(?:yun)?|[iİ]lgili (?:haber(?:ler)?|içerik)|bunu da oku(?:yun)?|ayrıca oku(?:yun)?|"
    r"ilginizi çekebilir|baca (?:juga|pula|lagi|selengkapnya)|simak juga|lihat juga|"
    r"(?:berita|artikel) terkait|xem thêm|đọc thêm|xem tiếp|đọc tiếp|(?:tin|bài) liên quan|"
    r"basahin (?:din|rin)|soma (?:pia|zaidi)|"
    # ru, uk, bg, sr
    r"читайте (?:также|тоже|ещё|еще|по теме)|смотрите также|также читайте|по теме|подробнее|"
    r"читайте (?:також|ще|більше)|дивіться також|також читайте|по темі|на тему|детальніше|"
    r"прочетете (?:още|също)|вижте (?:още|също)|прочитајте (?:и|још)|pročitajte (?:i|još)|vidi i|"
    # pl, cs, sk, hu, ro, el
    r"czytaj (?:też|także|również|więcej)|przeczytaj (?:też|także|również)|zobacz (?:też|także|również)|"
    r"sprawdź (?:też|także)|čtěte (?:také|též|rovněž|dále)|přečtěte si (?:také|též)|"
    r"čítajte (?:aj|tiež)|prečítajte si (?:aj|tiež)|olvasd el|olvassa el|kapcsolódó(?: cikk(?:ek)?)?|"
    r"ez is érdekelheti|ezt is ajánljuk|cite[șşs]te [șşs]i|citi[țţt]i [șşs]i|vezi [șşs]i|"
    r"δι[αά]β[αά]στε (?:επ[ιί]σης|ακ[οό]μ[ηα])|δε[ιί]τε (?:επ[ιί]σης|ακ[οό]μ[ηα])|"
    # nl, sv, da, no, fi
    r"lees (?:ook|meer|verder)|bekijk ook|zie ook|läs (?:också|även|mer)|se också|læs (?:også|mere)|"
    r"se også|les (?:også|mer)|lue (?:myös|lisää)|katso myös|"
    # ar, fa, ur, he
    rf"{_ALEF}قر{_ALEF} (?:{_ALSO}|{_KAF}ذلك|{_ALEF}لمز{_YEH}د)|(?:شاهد|طالع) {_ALSO}|ذات صل{_HEH}|"
    rf"ب{_YEH}شتر بخوان{_YEH}د|همچن{_YEH}ن بخوان{_YEH}د|(?:مطالب|مطلب|{_ALEF}خبار) مرتبط|"
    rf"{_YEH}{_HEH} بھ{_YEH} (?:پڑھ{_YEH}ں|د{_YEH}{_KAF}ھ{_YEH}ں)|مز{_YEH}د پڑھ{_YEH}ں|"
    r"קרא(?:ו)? (?:עוד|גם)|לכתבה המלאה|עוד בנושא|"
    # hi, mr, ne, bn, gu, pa, ta, te, ml, kn
    rf"(?:यह|ये|इसे|इन्हें) भी प{_DDH}(?:ें|िए)|और प{_DDH}ें|संबंधित (?:खबर|ख़बर)ें?|हेही वाचा|हे पण वाचा|"
    r"यो पनि पढ्नुहोस्|"
    rf"আর(?:ও|ো) প{_BN_RR}ুন|সম্পর্কিত খবর|આ પણ વાંચો|ਇਹ ਵੀ ਪੜ੍ਹੋ|"
    r"இதையும் படிக்க|மேலும் படிக்க|ఇది కూడా చదవండి|ఇవి కూడా చదవండి|ഇതും വായിക്കുക|ಇದನ್ನೂ ಓದಿ|"
    # ja, zh, ko, th
    r"関連記事|関連ニュース|あわせて読みたい|併せて読みたい|こちらもおすすめ|"
    r"相[关關](?:阅读|閱讀|新[闻聞]|文章|[报報][导導])|延伸[阅閱][读讀]|推[荐薦][阅閱][读讀]|"
    r"관련\s?(?:기사|뉴스)|함께 보면 좋은 (?:기사|뉴스)|"
    r"อ่านเพิ่มเติม|อ่านต่อ|(?:อ่าน)?ข่าวที่เกี่ยวข้อง|ข่าวเกี่ยวข้อง"
)
# What may stand before such a label: a bullet or an arrow ("▶ 관련기사", "► Baca juga").
_MARK = r"[▶►▷➤→»>■●◆※☞]\s*"
# What ends every such label, looked for near the line's start before the labels themselves (a prose line seldom
# has one there): the labels, "přečtěte si také" or "potrebbe interessarti" the longest, stay under 25 characters
# with a mark or a bracket before them.
READ_ALSO_END = re.compile(r"[:：ঃ|–—»】\]］〕〉]|\s-")  # a hyphen within a word ("well-known") is none
READ_ALSO_REACH = 48
# The label, then what ends it: a colon (full-width "：", Bengali "ঃ"), a bar or a dash, or the bracket the label
# is written in ("【関連記事】", "[관련기사]", "(Baca juga:").
READ_ALSO_LABEL = re.compile(
    rf"^(?:{_MARK})?(?:(?:{_READ_ALSO})\s*[:：ঃ|\-–—»]\s*|[【\[［〔〈]\s*(?:{_READ_ALSO})\s*[:：]?\s*[】\]］〕〉]\s*"
    rf"[:：\-–—]?\s*)",
    re.I,
)

# The heading of a list of other stories ("Related articles", "You may also like"), besides the labels above.
# Italian, German, French, Spanish and Portuguese "read also" ("Leggi anche", "Lire aussi") stay link labels only,
# as on main: AEB's reference keeps a "Leggi anche" line and the linked headline under it (measured: -0.0004 AEB
# body F1 when they are headings too).
_RELATED_HEADINGS = (
    r"das könnte sie (?:auch )?interessieren|(?:weitere|verwandte|ähnliche|empfohlene) artikel|"
    r"articles (?:liés|similaires|recommandés)|dans la même rubrique|"
    r"(?:noticias|artículos) relacionad[oa]s|contenido relacionado|también te puede interesar|"
    r"(?:articoli|notizie) correlat[ie]|ti potrebbe interessare|"
    r"(?:notícias|artigos|matérias) relacionad[oa]s|você (?:pode|também pode) gostar|"
    r"benzer haberler|diğer haberler|berita lainnya|artikel lainnya|tin cùng chuyên mục|"
    r"похожие (?:новости|статьи|материалы)|(?:новости|материалы) по теме|другие новости|"
    r"схожі (?:новини|статті|матеріали)|(?:новини|матеріали) по темі|інші новини|"
    r"powiązane(?: artykuły)?|polecane(?: artykuły)?|související(?: články)?|mohlo by vás zajímat|"
    r"gerelateerde artikelen|gerelateerd|relaterade artiklar|relaterat|relaterede artikler|relateret|"
    r"relaterte artikler|relatert|aiheeseen liittyvät(?: artikkelit| uutiset)?|"
    r"ajánlott cikkek|(?:articole|știri|ştiri|stiri) (?:similare|recomandate)|σχετικά άρθρα|σχετικά|"
    rf"(?:{_ALEF}خبار|مقالات|مواض{_YEH}ع) ذات صل{_HEH}|قد {_YEH}عجب{_KAF} {_ALEF}{_YEH}ض{_ALEF}ً?|"
    rf"{_ALEF}خبار مرتبط|متعلق{_HEH} خبر{_YEH}ں|כתבות (?:נוספות|קשורות)|"
    r"おすすめ記事|人気記事|추천\s?기사|บทความที่เกี่ยวข้อง"
)
RELATED_HEADING_WORDS = f"{_READ_ALSO}|{_RELATED_HEADINGS}"

# A call to follow the publisher, like it or join its channel, opening the line: the imperative and "us" (or
# "our channel"), in the major news languages; English is in ``body._BOILERPLATE_LINE`` and
# ``edge_lines._FOLLOW_PROMPT``.
_FOLLOW_OPENING = (
    r"folg(?:en sie|e|t) uns|suivez[- ]nous|rejoignez[- ]nous|s[ií]g(?:uenos|anos)|seguici|"
    r"seguiteci|siga[- ]nos|sigam[- ]nos|acompanhe[- ]nos|bizi\b.{0,40}\btakip edin|ikuti kami|"
    r"theo dõi (?:chúng tôi|chúng mình)|"
    r"подписывайтесь на|подпишитесь на|следите за нами|присоединяйтесь к нам|читайте нас|"
    r"підписуйте?с[ья] на|стежте за нами|слідкуйте за нами|"
    rf"تابعو?نا (?:على|عبر|في)|{_ALEF}نضموا {_ALEF}لى|עקבו אחרינו|הצטרפו (?:אלינו|לערוץ)|"
    r"obserwuj(?:cie)? nas|śledź(?:cie)? nas|polub(?:cie)? nas|sleduj(?:te)? nás|volg ons|följ oss|"
    r"følg (?:os|oss)|seuraa meitä|kövess(?:en|etek)? minket|urm[ăa]ri[țţt]i[- ]ne|urm[ăa]re[șşs]te[- ]ne|"
    r"ακολουθ[ήη]στε μας|ακολο[υύ]θησε μας|"
    r"关注我们|關注我們|(?:欢迎|扫码|掃碼)关注|(?:歡迎|掃碼)關注|ติดตามเรา|ติดตามข่าวสาร.{0,40}ได้ที่"
)
# A call written with the verb last (Turkish, Indic, Persian, Urdu, Japanese, Korean): "us" or the network
# somewhere before it, the verb ending the line.
_FOLLOW_CLOSING = (
    rf"(?:हमें|हमसे).{{0,60}}(?:(?:{_PH}ॉलो|लाइक|सब्सक्राइब|ज्वाइन|जॉइन) करें|जु{_DR}ें)|"
    r"আমাদের.{0,60}(?:ফলো|লাইক|সাবস্ক্রাইব) করুন|"
    rf"ما را.{{0,60}}دنبال {_KAF}ن{_YEH}د|{_HEH}م{_YEH}ں.{{0,60}}(?:فالو|لائ{_KAF}|سبس{_KAF}را{_YEH}ب) {_KAF}ر{_YEH}ں|"
    r".{0,40}フォロー(?:してください|してね|お願いします|する)|.{0,40}구독(?:하기|하세요|해주세요)"
)
FOLLOW_CALL = re.compile(rf"(?:{_FOLLOW_OPENING}).{{0,100}}|(?:{_FOLLOW_CLOSING})[\s!.。！]*", re.I)

# "Share", "Share on Facebook" as a line of its own (a share bar's label), in the major news languages.
_SHARE = (
    r"teilen|partager|compartir|condividi|compartilh(?:e|ar)|partilhar|paylaş|bagikan|chia sẻ|"
    r"поделиться|поділитися|споделете|podijeli|udostępnij|sdílet|zdieľať|delen|dela|del|jaa|megosztás|"
    r"distribuie|κοινοποίηση|μοιραστείτε|شارك|مشاركة|שתפו|שתף|शेयर करें|শেয়ার করুন|"
    r"اشتراک[\u200c ]?گذاری|شیئر کریں|シェア(?:する)?|分享|공유(?:하기)?|แชร์"
)
_NETWORKS = (
    r"facebook|twitter|x|whatsapp|telegram|linkedin|e-?mail|instagram|pinterest|reddit|vk|вконтакте|"
    r"viber|line|weibo|微博|微信|wechat|kakao(?:talk)?|카카오톡|페이스북|트위터|フェイスブック|ツイッター"
)
SHARE_LABEL = re.compile(
    rf"(?:{_SHARE})(?:(?:\s+\w{{1,4}})?\s+(?:{_NETWORKS})\w{{0,4}})?|(?:{_NETWORKS})(?:'?\w{{0,4}})?\s*(?:{_SHARE})",
    re.I,
)

# The label of a picture's credit ("Foto: Reuters", "Фото: РИА Новости", "צילום: AP", "تصوير: …": the labels
# ``byline_words`` keeps for bylines); English is in ``edge_lines._CREDIT_NOTE``. A colon must follow (full-width in
# Chinese and Japanese, "/" after 图/圖 too); not the "=" of Korean and Japanese captions ("사진=연합뉴스",
# "写真＝共同"), which opens a caption's credit as often as a line of its own (measured: AEB's references keep two
# Korean pages' "사진=…" lines).
PICTURE_CREDIT = re.compile(
    rf"^[(\[（【]*\s*(?:(?:{PICTURE_LABEL_PATTERN})\s*[:：]|[图圖]\s*/|{PICTURE_ABBREVIATION})", re.I
)

# A newsletter, and a call to sign up for it (an imperative or an infinitive, not "subscribers"), in one short
# line ("Abonnez-vous à notre newsletter", "Подпишитесь на нашу рассылку"); English is in
# ``body._NEWSLETTER_PITCH``. The nouns, lower-cased, are tested as substrings before the pattern runs.
NEWSLETTER_NOUNS = (
    "newsletter", "nieuwsbrief", "nyhetsbrev", "nyhedsbrev", "uutiskirje", "hírlevél", "buletin", "bülten",
    "boletín", "рассылк", "розсилк", "النشرة البريدية", "ניוזלטר", "न्यूज़लेटर", "न्यूजलेटर", "নিউজলেটার",
    "biuletyn", "zpravodaj", "ενημερωτικό δελτίο", "خبرنامه", "ニュースレター", "メルマガ", "电子报", "新闻通讯",
    "電子報", "뉴스레터", "จดหมายข่าว",
)  # fmt: skip
_SIGN_UP = (
    r"abonnez[- ]vous|inscrivez[- ]vous|s'abonner|s'inscrire|abonne[- ]toi|inscris[- ]toi|abonnieren|"
    r"melden sie sich|suscr[ií]b(?:e|a)(?:te|se)|suscribirse|reg[ií]strate|iscriviti|iscrivetevi|abbonati|"
    r"assine|inscreva[- ]se|cadastre[- ]se|abone ol(?:un)?|kaydolun|berlangganan|daftar|đăng ký|"
    r"подпишитесь|подписывайтесь|подписаться|підпишіться|підписуйтесь|підписатися|"
    rf"{_ALEF}شترك(?:وا)?|سجل|הירשמו|הרשמו|सब्सक्राइब करें|साइन अप करें|সাবস্ক্রাইব করুন|"
    r"zapisz si[ęe]|(?:za)?subskrybuj|přihlaste se|přihlásit se|odebírejte|schrijf (?:je|u) in|"
    r"meld (?:je|u) aan|abonneer|prenumerera|anmäl dig|tilmeld dig|abonnér|meld deg på|abonner|tilaa|"
    r"iratkozz(?:on)? fel|abonea(?:ză|za)[- ]te|abona[țţt]i[- ]v[ăa]|εγγραφε[ίι]τε|γραφτε[ίι]τε|"
    rf"(?:عضو|مشتر{_KAF}) شو{_YEH}د|登録|購読|订阅|訂閱|구독|신청|สมัคร"
)
# The nouns written in ASCII letters only: all an ASCII line (most lines) can hold.
NEWSLETTER_NOUNS_ASCII = tuple(noun for noun in NEWSLETTER_NOUNS if noun.isascii())
_NEWSLETTER = "|".join(re.escape(noun) for noun in NEWSLETTER_NOUNS)
NEWSLETTER_CALL = re.compile(rf"(?:{_SIGN_UP}).*(?:{_NEWSLETTER})|(?:{_NEWSLETTER}).*(?:{_SIGN_UP})", re.I)
