"""``--mask`` (SPEC section 2): the phone column masked whole, phone numbers in free text to their last four digits."""

from __future__ import annotations

import pytest

from followup_cli.mask import mask_phone, mask_text


def test_the_phone_column_keeps_its_last_four_characters():
    assert mask_phone("13812345678") == "*******5678"
    assert mask_phone("+4915123456789") == "**********6789"
    assert mask_phone("123") == "***"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("客户说换号 13966667777 了", "客户说换号 *******7777 了"),
        ("wx13911112222", "wx*******2222"),
        ("13922223333@qq.com", "*******3333@qq.com"),
        ("座机 1234567", "座机 ***4567"),  # 7 digits: a landline without its area code
        ("家里 0571-8888-5555，手机 138 1234 5678", "家里 ****-****-5555，手机 *** **** 5678"),
        ("两个号 13900001111/13900002222", "两个号 *******1111/*******2222"),
        ("全角 １３８１２３４５６７８", "全角 *******５６７８"),
    ],
)
def test_phone_numbers_in_free_text_keep_their_last_four_digits(text, masked):
    assert mask_text(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-24 到店，5,000 km 保养",  # a date, a mileage
        "预算 150000 元",  # 6 digits
        "callback on 2026-11-21 scored 2",
        "星越L 2025款",
        "",
    ],
)
def test_text_without_a_phone_number_is_left_alone(text):
    assert mask_text(text) == text
