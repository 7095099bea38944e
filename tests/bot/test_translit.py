"""Romanization follows Cabinet of Ministers resolution No. 55 of 27 January 2010."""

from __future__ import annotations

import pytest

from bot.translit import transliterate

# The resolution's own table of examples, plus the place names the bot shows most.
OFFICIAL_EXAMPLES = [
    ("Алушта", "Alushta"),
    ("Андрій", "Andrii"),
    ("Борщагівка", "Borshchahivka"),
    ("Борисенко", "Borysenko"),
    ("Вінниця", "Vinnytsia"),
    ("Володимир", "Volodymyr"),
    ("Гадяч", "Hadiach"),
    ("Богдан", "Bohdan"),
    ("Згурський", "Zghurskyi"),
    ("Ґалаґан", "Galagan"),
    ("Ґорґани", "Gorgany"),
    ("Донецьк", "Donetsk"),
    ("Дмитро", "Dmytro"),
    ("Рівне", "Rivne"),
    ("Олег", "Oleh"),
    ("Есмань", "Esman"),
    ("Єнакієве", "Yenakiieve"),
    ("Гаєвич", "Haievych"),
    ("Короп'є", "Koropie"),
    ("Житомир", "Zhytomyr"),
    ("Жанна", "Zhanna"),
    ("Жежелів", "Zhezheliv"),
    ("Закарпаття", "Zakarpattia"),
    ("Казимирчук", "Kazymyrchuk"),
    ("Медвин", "Medvyn"),
    ("Михайленко", "Mykhailenko"),
    ("Іванків", "Ivankiv"),
    ("Іващенко", "Ivashchenko"),
    ("Їжакевич", "Yizhakevych"),
    ("Кадиївка", "Kadyivka"),
    ("Мар'їне", "Marine"),
    ("Йосипівка", "Yosypivka"),
    ("Стрий", "Stryi"),
    ("Олексій", "Oleksii"),
    ("Київ", "Kyiv"),
    ("Коваленко", "Kovalenko"),
    ("Лебедин", "Lebedyn"),
    ("Леонід", "Leonid"),
    ("Миколаїв", "Mykolaiv"),
    ("Маринич", "Marynych"),
    ("Ніжин", "Nizhyn"),
    ("Наталія", "Nataliia"),
    ("Одеса", "Odesa"),
    ("Онищенко", "Onyshchenko"),
    ("Полтава", "Poltava"),
    ("Петро", "Petro"),
    ("Решетилівка", "Reshetylivka"),
    ("Рибчинський", "Rybchynskyi"),
    ("Суми", "Sumy"),
    ("Соломія", "Solomiia"),
    ("Тернопіль", "Ternopil"),
    ("Троць", "Trots"),
    ("Ужгород", "Uzhhorod"),
    ("Уляна", "Uliana"),
    ("Фастів", "Fastiv"),
    ("Філіпчук", "Filipchuk"),
    ("Харків", "Kharkiv"),
    ("Христина", "Khrystyna"),
    ("Біла Церква", "Bila Tserkva"),
    ("Стеценко", "Stetsenko"),
    ("Чернівці", "Chernivtsi"),
    ("Шевченко", "Shevchenko"),
    ("Шостка", "Shostka"),
    ("Кишеньки", "Kyshenky"),
    ("Щербухи", "Shcherbukhy"),
    ("Гоща", "Hoshcha"),
    ("Гаращенко", "Harashchenko"),
    ("Юрій", "Yurii"),
    ("Корюківка", "Koriukivka"),
    ("Яготин", "Yahotyn"),
    ("Ярошенко", "Yaroshenko"),
    ("Костянтин", "Kostiantyn"),
    ("Знам'янка", "Znamianka"),
    ("Феодосія", "Feodosiia"),
    ("Згорани", "Zghorany"),
    ("Розгон", "Rozghon"),
    ("Гайворон", "Haivoron"),
    ("Ізмаїл", "Izmail"),
    ("Запоріжжя", "Zaporizhzhia"),
    ("Львів", "Lviv"),
    ("Черкаси", "Cherkasy"),
]


@pytest.mark.parametrize(("ukrainian", "latin"), OFFICIAL_EXAMPLES)
def test_official_examples(ukrainian: str, latin: str) -> None:
    assert transliterate(ukrainian) == latin


@pytest.mark.parametrize("apostrophe", ["'", "’", "ʼ", "`"])
def test_every_apostrophe_form_is_dropped(apostrophe: str) -> None:
    assert transliterate(f"Короп{apostrophe}є") == "Koropie"
    assert transliterate(f"Мар{apostrophe}їне") == "Marine"
    assert transliterate(f"П{apostrophe}ятихатки") == "Piatykhatky"


def test_apostrophe_outside_a_word_is_kept_as_punctuation() -> None:
    assert transliterate("'Ялта'") == "'Yalta'"


@pytest.mark.parametrize(
    ("ukrainian", "latin"),
    [
        ("Єнакієве Єнакієве", "Yenakiieve Yenakiieve"),
        ("Тур’є-Реметівська", "Turie-Remetivska"),
        ("Івано-Франківськ", "Ivano-Frankivsk"),
        ("Нова Ялта", "Nova Yalta"),
        ("Стара-Ялинка", "Stara-Yalynka"),
        ("село Йосипівка", "selo Yosypivka"),
        ("(Юрівка)", "(Yurivka)"),
        ("Їжаківка, Їжаківка", "Yizhakivka, Yizhakivka"),
    ],
)
def test_word_initial_letters_after_space_hyphen_and_punctuation(ukrainian: str, latin: str) -> None:
    assert transliterate(ukrainian) == latin


@pytest.mark.parametrize(
    ("ukrainian", "latin"),
    [
        ("ЗГОРАНИ", "ZGHORANY"),
        ("ЩЕРБУХИ", "SHCHERBUKHY"),
        ("ЄНАКІЄВЕ", "YENAKIIEVE"),
        ("ЯГОТИН", "YAHOTYN"),
        ("КОРОП’Є", "KOROPIE"),
        ("БІЛА ЦЕРКВА", "BILA TSERKVA"),
        ("ЗАПОРІЖЖЯ", "ZAPORIZHZHIA"),
        ("Щ", "Shch"),
        ("ЖК Щасливий", "ZHK Shchaslyvyi"),
        ("згорани", "zghorany"),
        ("яготин", "yahotyn"),
    ],
)
def test_case_is_preserved(ukrainian: str, latin: str) -> None:
    assert transliterate(ukrainian) == latin


def test_other_characters_pass_through() -> None:
    assert transliterate("Kyiv 2024, вул. Хрещатик 1/3") == "Kyiv 2024, vul. Khreshchatyk 1/3"
    assert transliterate("") == ""


def test_zgh_only_after_z() -> None:
    assert transliterate("Згурівка") == "Zghurivka"
    assert transliterate("Гзг") == "Hzgh"
