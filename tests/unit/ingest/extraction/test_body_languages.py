"""Issue 15, thirteenth pass: body furniture in the major news languages. The labels before a link to another
story ("Baca juga:", "Читайте также:", "اقرأ أيضا:"), calls to follow, share or subscribe, the headings of
related-story lists and picture credits go where their English equivalents go, under the same conditions (the rest
of the line is one of the page's links, the line is a call or a heading of its own, among the last lines); a
sentence using the same words stays."""

from __future__ import annotations

import pytest
from newsflow_ingest.extraction import parse_article
from newsflow_ingest.extraction.body import clean_lines
from newsflow_ingest.extraction.body_start import drop_leading_crumbs
from newsflow_ingest.extraction.boilerplate import drop_link_lines, drop_promotion_lists, drop_trailing_links
from newsflow_ingest.extraction.document import load_document
from newsflow_ingest.extraction.edge_lines import drop_closing_notes

from tests.unit.ingest.extraction.pages import FETCHED, PROSE

_URL = "https://paper.test/news/council-votes"
_HEADLINE = "Another story's headline about the harbour"
_OTHER = "The mayor said the four routes would be paid for from the transport budget and a regional grant."

# language: (the label before a linked headline, a call to follow the publisher, a sentence using both words)
_LANGUAGES = {
    "en": ("Read more:", "Follow us on Twitter", "The teacher said read more books, and the guide shouted follow us "
           "on the trail before he walked off towards the hut on the hill."),
    "de": ("Lesen Sie auch:", "Folgen Sie uns auf Twitter", "Der Lehrer sagte: Lesen Sie auch die Klassiker, und "
           "der Bergführer rief „Folgen Sie uns“, bevor er zur Hütte aufbrach."),
    "fr": ("Lire aussi :", "Suivez-nous sur Twitter", "Le professeur a dit « lire aussi les classiques », et le "
           "guide a crié « suivez-nous » avant de partir vers le refuge."),
    "es": ("Lee también:", "Síguenos en Twitter", "El profesor dijo «lee también a los clásicos», y el guía gritó "
           "«síguenos» antes de caminar hacia el refugio."),
    "it": ("Leggi anche:", "Seguici su Facebook", "Il professore ha detto «leggi anche i classici», e la guida ha "
           "gridato «seguici» prima di incamminarsi verso il rifugio."),
    "pt": ("Leia também:", "Siga-nos no Twitter", "O professor disse «leia também os clássicos», e o guia gritou "
           "«siga-nos» antes de caminhar em direção ao abrigo."),
    "tr": ("Devamını oku:", "Bizi Twitter'da takip edin", "Öğretmen, öğrencilerden hikâyenin devamını okumalarını "
           "istedi ve \"bizi takip edin\" diyerek onları kütüphaneye götürdü."),
    "id": ("Baca juga:", "Ikuti kami di Instagram", "Guru itu meminta murid-muridnya untuk baca juga buku sejarah, "
           "lalu berkata \"ikuti kami di belakang\" sebelum berjalan ke perpustakaan."),
    "vi": ("Xem thêm:", "Theo dõi chúng tôi trên Facebook", "Ông cho biết người dân có thể xem thêm thông tin tại "
           "trụ sở, và cảnh sát đã nói \"theo dõi chúng tôi\" trước khi rời đi."),
    "ru": ("Читайте также:", "Подписывайтесь на наш Telegram-канал", "Блогер, чьё видео посмотрели миллионы, "
           "сказал зрителям «подписывайтесь на канал», а учитель советует: читайте также классиков."),
    "uk": ("Читайте також:", "Підписуйтесь на наш Telegram-канал", "Блогер, чиє відео переглянули мільйони, "
           "сказав глядачам «підписуйтесь на канал», а вчитель радить: читайте також класиків."),
    "ar": ("اقرأ أيضا:", "تابعونا على تويتر", "قال المعلم لطلابه اقرأ أيضا كتب التاريخ، وكتب المتظاهرون على "
           "اللافتات تابعونا على الطريق إلى الساحة الكبرى."),
    "he": ("קראו עוד:", "עקבו אחרינו בטוויטר", "המורה אמר לתלמידים קראו עוד ספרים בחופשה, והמדריך ביקש מהם "
           "עקבו אחרינו בשביל עד לחניון."),
    "hi": ("यह भी पढ़ें:", "हमें फेसबुक पर फॉलो करें", "शिक्षक ने छात्रों से कहा कि यह भी पढ़ें और फिर पुलिस ने "
           "लोगों से कहा कि हमें फॉलो करें, जिसके बाद सभी लोग बाहर निकल गए।"),
    "bn": ("আরও পড়ুন:", "আমাদের ফেসবুক পেজ ফলো করুন", "শিক্ষক ছাত্রদের বললেন আরও পড়ুন, আর পুলিশ বলল আমাদের "
           "ফলো করুন, তারপর সবাই বাইরে চলে গেল।"),
    "pl": ("Czytaj też:", "Obserwuj nas na Twitterze", "Nauczyciel powiedział uczniom: czytaj też klasyków, a "
           "przewodnik dodał „obserwuj nas” i ruszył szlakiem w stronę schroniska."),
    "cs": ("Čtěte také:", "Sledujte nás na Facebooku", "Učitel napsal do zadání „čtěte také klasiky“ a průvodce "
           "zavolal „sledujte nás“, než vyrazil po stezce k chatě."),
    "nl": ("Lees ook:", "Volg ons op Twitter", "De leraar zei tegen de leerlingen: lees ook de klassiekers, en de "
           "gids riep \"volg ons\" voordat hij het pad naar de hut op liep."),
    "sv": ("Läs också:", "Följ oss på Facebook", "Läraren sa till eleverna att läs också klassikerna, och guiden "
           "ropade \"följ oss\" innan han gick längs stigen mot stugan."),
    "da": ("Læs også:", "Følg os på Facebook", "Læreren sagde til eleverne: læs også klassikerne, og guiden råbte "
           "\"følg os\", før han gik ad stien mod hytten."),
    "no": ("Les også:", "Følg oss på Facebook", "Læreren sa til elevene: les også klassikerne, og guiden ropte "
           "«følg oss» før han gikk langs stien mot hytta."),
    "fi": ("Lue myös:", "Seuraa meitä Facebookissa", "Opettaja sanoi oppilaille: lue myös klassikot, ja opas "
           "huusi \"seuraa meitä\" ennen kuin lähti polulle kohti mökkiä."),
    "hu": ("Olvasd el:", "Kövess minket a Facebookon", "A tanár azt mondta a diákoknak: olvasd el a "
           "klasszikusokat is, a vezető pedig azt kiáltotta: kövess minket, majd elindult az ösvényen."),
    "ro": ("Citește și:", "Urmăriți-ne pe Facebook", "Profesorul le-a spus elevilor citește și clasicii, iar "
           "ghidul a strigat „urmăriți-ne” înainte de a porni pe potecă spre cabană."),
    "el": ("Διαβάστε επίσης:", "Ακολουθήστε μας στο Facebook", "Ο δάσκαλος είπε στους μαθητές διαβάστε επίσης "
           "τους κλασικούς, και ο οδηγός φώναξε «ακολουθήστε μας» πριν ξεκινήσει για το καταφύγιο."),
    "fa": ("بیشتر بخوانید:", "ما را در اینستاگرام دنبال کنید", "معلم به شاگردان گفت بیشتر بخوانید و راهنما "
           "فریاد زد ما را دنبال کنید و سپس به سمت کلبه به راه افتاد."),
    "ur": ("یہ بھی پڑھیں:", "ہمیں فیس بک پر فالو کریں", "استاد نے طلبہ سے کہا کہ یہ بھی پڑھیں اور رہنما نے کہا "
           "ہمیں فالو کریں، پھر سب لوگ پہاڑ کی طرف چل پڑے۔"),
    "ja": ("関連記事：", "Twitterでフォローしてください", "先生は生徒に関連記事も読むように言い、ガイドは"
           "「フォローしてください」と声をかけてから山小屋へ向かって歩き始めた。"),
    "zh": ("相关阅读：", "欢迎关注我们的微信公众号", "老师让学生们课后完成相关阅读，导游则说欢迎关注我们的行程，"
           "随后大家一起向山上的小屋走去。"),
    "ko": ("관련기사:", "네이버에서 구독하기", "교사는 학생들에게 관련기사를 읽으라고 했고, 가이드는 채널을 "
           "구독하세요라고 말한 뒤 산장으로 향했다."),
    "th": ("อ่านเพิ่มเติม:", "ติดตามเราได้ที่ Facebook", "ครูบอกนักเรียนให้อ่านเพิ่มเติมที่ห้องสมุด "
           "และไกด์บอกว่าติดตามเราไปทางนี้ ก่อนที่ทุกคนจะเดินขึ้นไปยังกระท่อมบนภูเขา"),
}  # fmt: skip


def _page(language: str, *paragraphs: str) -> str:
    inner = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return (
        f"<html lang='{language}'><head><title>Council votes</title></head><body><article>"
        f"<h1>Council votes on the bus network</h1>{inner}</article></body></html>"
    )


def _body(page: str) -> str:
    return parse_article(page, _URL, fetched_at=FETCHED).body


@pytest.mark.parametrize("language", sorted(_LANGUAGES))
def test_a_labelled_link_and_a_closing_call_to_follow_go_and_a_sentence_with_their_words_stays(
    language: str,
) -> None:
    label, follow, sentence = _LANGUAGES[language]
    body = _body(
        _page(language, PROSE, f"{label} <a href='/other-story'>{_HEADLINE}</a>", sentence, _OTHER, follow)
    )
    assert _HEADLINE not in body
    assert follow not in body
    assert sentence in body
    assert PROSE in body and _OTHER in body


@pytest.mark.parametrize("language", sorted(_LANGUAGES))
def test_a_label_whose_line_goes_on_past_its_link_is_the_article_s(language: str) -> None:
    # the rest of the line must be a link's whole text: "Baca juga: <a>laporan</a> kami …" is a sentence
    label = _LANGUAGES[language][0]
    line = f"{label} <a href='/earlier'>{_HEADLINE}</a>, {_OTHER}"
    body = _body(_page(language, PROSE, line, _OTHER.replace("four", "five")))
    assert _HEADLINE in body and f"{_HEADLINE}, {_OTHER}" in body


@pytest.mark.parametrize(
    "line",
    [
        "Bizi takip edin",
        "Подписывайтесь на наш канал в Telegram",
        "تابعونا عبر فيسبوك",
        "Obserwuj nas w Google News",
        "Volg ons op Instagram",
        "Seuraa meitä",
        "关注我们",
        "扫码关注我们",
        "हमसे जुड़ें",
        "Teilen",
        "Поделиться",
        "Facebook'ta paylaş",
        "Udostępnij na Facebooku",
        "공유하기",
        "שתפו",
        "Abonnez-vous à notre newsletter",
        "Подпишитесь на нашу рассылку",
        "Zapisz się do naszego newslettera",
        "Schrijf je in voor onze nieuwsbrief",
    ],
)
def test_calls_to_follow_share_or_subscribe_go_wherever_they_stand(line: str) -> None:
    assert clean_lines([PROSE, line, _OTHER]) == [PROSE, _OTHER]


@pytest.mark.parametrize(
    "line",
    [
        # a call quoted inside a sentence, or a sentence that opens with the words and goes on
        "Bizi takip edin, dedi polis memuru ve aracına binerek şehir merkezine doğru hızla uzaklaştı; tanıklar "
        "olayı gazetecilere tek tek anlattı.",
        "Блогер попросил: «Подписывайтесь на канал», и число подписчиков выросло вдвое.",
        "Del 2",  # Norwegian and Swedish "Part 2" above a section, not the share button "Del"
        "La newsletter compte 10 000 abonnés depuis son lancement l'an dernier.",
        "Рассылка набрала сто тысяч подписчиков за год.",
    ],
)
def test_a_sentence_with_the_calls_words_stays(line: str) -> None:
    assert clean_lines([PROSE, line, _OTHER]) == [PROSE, line, _OTHER]


def _links_page(*titles: str) -> object:
    links = "".join(f"<li><a href='/s{n}'>{title}</a></li>" for n, title in enumerate(titles))
    return load_document(f"<html><body><p>{PROSE}</p><ul>{links}</ul></body></html>")


_ITEMS = ["Harbour tunnel opens to traffic next month", "Strike called off after late-night talks"]


@pytest.mark.parametrize(
    "label",
    ["Berita terkait", "Похожие новости", "Схожі новини", "أخبار ذات صلة", "כתבות נוספות", "【関連記事】",
     "相关新闻", "관련기사", "Tin liên quan", "İlgili haberler", "Powiązane artykuły", "Gerelateerde artikelen",
     "Noticias relacionadas", "Das könnte Sie auch interessieren", "ข่าวที่เกี่ยวข้อง", "Σχετικά άρθρα:"],
)  # fmt: skip
def test_a_related_stories_heading_goes_with_its_linked_items(label: str) -> None:
    root = _links_page(*_ITEMS)
    lines = [PROSE, label, *_ITEMS, _OTHER]
    assert drop_promotion_lists(lines, root) == [PROSE, _OTHER]
    # at the end of the body, with the run of linked headlines under it
    assert drop_trailing_links([PROSE, _OTHER, label, *_ITEMS], root) == [PROSE, _OTHER]


def test_a_sentence_opening_with_a_related_heading_s_words_stays() -> None:
    root = _links_page(*_ITEMS)
    lines = [PROSE, "Похожие новости пришли из соседнего региона, где власти тоже ввели ограничения.", _OTHER]
    assert drop_promotion_lists(lines, root) == lines
    assert drop_trailing_links(lines, root) == lines


@pytest.mark.parametrize(
    "credit",
    ["Фото: РИА Новости", "צילום: רויטרס", "تصوير: محمد علي", "Foto: Reuters", "Fotoğraf: AA", "사진: 연합뉴스",
     "（写真：共同）", "图/新华社", "عکس: ایرنا", "Fot. PAP"],
)  # fmt: skip
def test_a_picture_credit_among_the_last_lines_goes(credit: str) -> None:
    assert drop_closing_notes([PROSE, _OTHER, credit]) == [PROSE, _OTHER]


def test_a_sentence_that_names_a_photograph_among_the_last_lines_stays() -> None:
    lines = [PROSE, _OTHER, "Фото, сделанное вчера, облетело все соцсети: на нём видна очередь у вокзала."]
    assert drop_closing_notes(lines) == lines


@pytest.mark.parametrize("credit", ["צילום: רויטרס", "تصوير: محمد علي", "Fotoğraf: AA"])
def test_a_picture_credit_above_the_lead_goes(credit: str) -> None:
    assert drop_leading_crumbs([credit, PROSE, _OTHER]) == [PROSE, _OTHER]


def test_a_korean_caption_credit_written_with_an_equals_sign_stays() -> None:
    # "사진=…" opens a caption's credit as often as a line of its own; AEB's references keep two Korean pages' such
    # lines (measured), so only a colon makes a credit label among the last lines
    lines = [PROSE, _OTHER, "사진=MBC '나 혼자 산다' 방송화면 캡처"]
    assert drop_closing_notes(lines) == lines


@pytest.mark.parametrize(
    "label",
    [
        "यह भी प\u095dें:",
        "यह भी प\u0922\u093cें:",
        "আরও প\u09dcুন:",
        "আরও প\u09a1\u09bcুন:",
        "اقرأ أيضًا:",
        "اقرا ايضا:",
    ],
)
def test_a_label_is_known_however_its_letters_are_encoded(label: str) -> None:
    # Devanagari and Bengali nukta letters come precomposed or as a base and a nukta; Arabic "also" with its
    # tanween before or after the alef, or typed without hamza
    root = _links_page(*_ITEMS)
    assert drop_link_lines([PROSE, f"{label} {_ITEMS[0]}", _OTHER], root) == [PROSE, _OTHER]
