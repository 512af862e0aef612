"""The words news pages print before a date to say what it is: the update ("Updated", "Diperbarui", "آخر تحديث",
"עודכן", "अपडेटेड") or the publication ("Published", "Diterbitkan", "نشر في", "פורסם", "प्रकाशित").

A meta line often prints both dates, the update before or after the publication; only the label tells a reader
which is which, and the publication is the value the reader trusts. ``dates`` looks in the few characters
before each written date for an update word (the date is then never taken for the publication) and for a
publication label (``shown_dates`` puts the first date it introduces first); ``listing_dates`` for a publication
or state label right before a date on a page without an article date. The vocabulary is each
language's own, as its news sites write it (the major news languages: issue 15, thirteenth pass); a word is
listed by the stem its forms share ("güncelle" for "Güncelleme", "Güncellendi", "Güncellenme"), never by a
stem that is a word of its own with another meaning (Turkish "Güncel" is "current", a section name; Arabic
"حدث" is "event" as well as "updated"; Persian "بروز" is "occurrence" without "رسانی"). Imports only the
standard library.
"""

from __future__ import annotations

import re

# The update words, by language (a substring search: case and the forms a stem takes are covered).
_UPDATE_WORDS = (
    # English, German, Spanish, Portuguese, French, Italian, Dutch, Catalan
    r"updated?|modified|last edited|revised|aktualisiert|actualizado|actualización|atualizado|atualização|"
    r"mis à jour|mise à jour|actualisé|aggiornato|aggiornamento|bijgewerkt|geüpdatet|actualitzat|"
    # Russian, Ukrainian, Bulgarian, Serbian and Macedonian (Cyrillic), Serbo-Croatian and Bosnian (Latin), Slovene
    r"обновлено|обновлен|обновено|обновена|актуализиран|оновлено|ажурирано|ažurirano|posodobljeno|"
    # Polish, Czech, Slovak, Hungarian, Romanian
    r"zaktualizowano|aktualizacja|aktualizováno|aktualizace|aktualizované|aktualizácia|frissítve|frissítés|"
    r"módosítva|actualizat|actualizare|"
    # Greek (with and without the accents capitals drop), Turkish
    r"ενημερ[ωώ]θηκε|ενημ[εέ]ρωση|güncelle|"
    # Nordic, Finnish, Baltic
    r"oppdatert|opdateret|uppdaterad|uppdaterat|päivitetty|päivitys|uuendatud|atnaujinta|atjaunināt|atjaunot|"
    # Chinese, Japanese, Korean
    r"更新|업데이트|수정|"
    # Indonesian, Malay, Vietnamese, Thai, Swahili
    r"diperbarui|diperbaharui|pembaruan|kemas ?kini|cập nhật|อั[ปพ]เด[ตท]|ปรับปรุง|sasishwa|"
    # Arabic ("آخر تحديث", "آخر تعديل"), Persian ("به‌روزرسانی", "بروز شده"), Urdu ("اپ ڈیٹ"), Hebrew
    r"تحديث|تعديل|ب(?:ه[\u200c ]?)?روز[\u200c ]?(?:رسانی|شده)|اپ ?ڈیٹ|עודכן|עדכון|"
    # Hindi and Marathi, Bengali, Tamil, Telugu, Gujarati, Punjabi, Kannada, Malayalam
    "अपडेट|अद्यतन|আপডেট|হালনাগাদ|புதுப்பிக்கப்பட்ட|அப்டேட்|అప్\u200c?డేట్|અપડેટ|ਅੱ?ਪਡੇਟ|ಅಪ್\u200c?ಡೇಟ್|"
    "അപ്\u200c?ഡേറ്റ്"
)
UPDATE_WORDS = re.compile(_UPDATE_WORDS, re.IGNORECASE)

# A publication label right before a date ("Stand: 15.06.2018", "Veröffentlicht am", "Publié le", "公開日：",
# "Diterbitkan pada", "نشر في", "Đăng ngày"): the label, an optional small word for "on"/"at"/"day", a colon.
# Not an update word: that is a modification.
_PUBLICATION_LABELS = (
    r"veröffentlicht|erstellt|publiziert|publié|mis en ligne|publicado|pubblicato|gepubliceerd|"
    r"published|posted|опубликовано|дата публикации|opublikowano|опубліковано|публикувано|објављено|"
    r"objavljeno|publikováno|zveřejněno|publikované|zverejnené|közzétéve|publicat|δημοσιεύθηκε|δημοσίευση|"
    r"yayınlanma|yayınlandı|yayın tarihi|publicerad|udgivet|publiceret|publisert|julkaistu|diterbitkan|"
    r"dipublikasikan|disiarkan|đăng|xuất bản|เผยแพร่|chapishwa|inilathala|نشر|نُشر|تاريخ النشر|"
    r"تاریخ انتشار|منتشر شده|شائع|פורסם|प्रकाशित|প্রকাশিত|প্রকাশ|வெளியிடப்பட்ட|"
    # Lithuanian, Latvian, Estonian
    r"paskelbta|publikuota|publicēts|publicēta|avaldatud"
)
_LABEL_CONNECTORS = r"am|le|el|em|il|op|on|vom|pada|ngày|lúc|في|dana|tanggal|tarihi"
_CJK_PUBLICATION_LABELS = "発行日|公開日|掲載日|投稿日|发布时间|發布時間|发布日期|發佈日期|등록일|작성일|입력"
PUBLICATION_LABEL = re.compile(
    rf"(?:(?<!\w)(?:{_PUBLICATION_LABELS})(?:\s+(?:{_LABEL_CONNECTORS}))?|{_CJK_PUBLICATION_LABELS})"
    r"\s*[:：]?\s*$",
    re.IGNORECASE,
)
# The same, or German "Stand" (as of): a page's own state, which names the day a page without an article date
# is from, but may be its last update, so it labels no publication beside a headline.
PUBLICATION_OR_STATE_LABEL = re.compile(
    rf"(?:(?<!\w)(?:stand|{_PUBLICATION_LABELS})(?:\s+(?:{_LABEL_CONNECTORS}))?|{_CJK_PUBLICATION_LABELS})"
    r"\s*[:：]?\s*$",
    re.IGNORECASE,
)
