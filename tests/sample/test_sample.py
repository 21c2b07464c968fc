"""The sample company is deterministic, valid and exercises every part of the policy."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pandas as pd
from stdnum.cn import uscc

from creditbook.core.models import LEDGER_COLUMNS, REGISTER_COLUMNS, REGISTER_GROUP_COLUMNS
from creditbook.core.policy import preset
from creditbook.sample import (
    DEMO_DATE,
    SURVEY_DIMENSIONS,
    SURVEY_TARGET,
    contacts_frame,
    ledger_frame,
    make_uscc,
    register_frame,
    sample_data,
    survey_frame,
)
from creditbook.sample.register import last_assessment

DATA = sample_data()


def _max_days_overdue(data) -> dict[str, int]:
    days: dict[str, int] = {}
    for invoice in data.invoices:
        if invoice.open_amount > 0 and invoice.due_date < data.as_of:
            late = (data.as_of - invoice.due_date).days
            days[invoice.customer_id] = max(days.get(invoice.customer_id, 0), late)
    return days


def _stage(days: int) -> str:
    reached = [s.stage for s in preset("abc").dunning if days >= s.min_days]
    return reached[-1] if reached else ""


def test_same_seed_gives_the_same_company_and_another_seed_a_different_one():
    sample_data.cache_clear()
    again = sample_data()
    assert ledger_frame(again.invoices).equals(ledger_frame(DATA.invoices))
    assert again.register == DATA.register and again.contacts == DATA.contacts
    other = sample_data(seed=7)
    assert not ledger_frame(other.invoices).equals(ledger_frame(DATA.invoices))


def test_every_unified_social_credit_code_is_valid_and_distinct():
    codes = [c.uscc for c in DATA.customers] + [DATA.company.uscc]
    assert all(uscc.is_valid(code) for code in codes)
    assert len(set(codes)) == len(codes)


def test_a_wrong_check_digit_is_refused_by_stdnum():
    code = make_uscc("320594", "73826154")
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    assert not uscc.is_valid(wrong)


def test_thirty_customers_with_new_ones_and_every_financial_strength():
    assert len(DATA.customers) == 30
    assert sum(c.is_new for c in DATA.customers) >= 3
    assert set(DATA.strengths.values()) == {"strong", "good", "fair", "weak"}
    assert all(c.name.endswith(("有限公司", "股份有限公司")) for c in DATA.customers)


def test_about_six_hundred_invoices_with_unique_numbers_over_eighteen_months():
    numbers = [i.invoice_no for i in DATA.invoices]
    assert 500 <= len(numbers) <= 700
    assert len(set(numbers)) == len(numbers)
    first = min(i.invoice_date for i in DATA.invoices)
    assert (DEMO_DATE - first).days > 500
    assert max(i.invoice_date for i in DATA.invoices) <= DEMO_DATE


def test_ledger_holds_credit_notes_partial_payments_and_nothing_paid_after_the_demo_date():
    assert any(i.amount < 0 for i in DATA.invoices)
    assert any(0 < i.paid_amount < i.amount for i in DATA.invoices)
    assert all(i.paid_date is None or i.paid_date <= DEMO_DATE for i in DATA.invoices)
    assert all(i.paid_amount <= i.amount for i in DATA.invoices if i.amount > 0)


def test_every_dunning_stage_occurs_as_of_the_demo_date():
    stages = {_stage(days) for days in _max_days_overdue(DATA).values()}
    assert {s.stage for s in preset("abc").dunning} <= stages


def test_good_payers_pay_on_time_and_chronic_ones_do_not():
    def on_time(customer_id: str) -> float:
        paid = [i for i in DATA.invoices_of(customer_id) if i.amount > 0 and i.paid_date]
        return sum(i.paid_date <= i.due_date for i in paid) / len(paid)

    prompt = [cid for cid, habit in DATA.habits.items() if habit == "prompt"]
    chronic = [cid for cid, habit in DATA.habits.items() if habit == "chronic"]
    assert min(on_time(cid) for cid in prompt) > max(on_time(cid) for cid in chronic)


def test_statement_lines_add_up_and_ratios_spread_from_strong_to_weak():
    debt = {}
    for customer_id, (previous, current) in DATA.statements.items():
        for s in (previous, current):
            assert s.total_assets == s.total_liabilities + s.equity
            assert s.current_assets <= s.total_assets
            assert s.current_liabilities <= s.total_liabilities
            assert s.inventory + s.receivables + s.other_non_quick < s.current_assets
        debt[customer_id] = current.total_liabilities / current.total_assets
    by_strength = {
        strength: [debt[cid] for cid, s in DATA.strengths.items() if s == strength]
        for strength in ("strong", "weak")
    }
    assert max(by_strength["strong"]) < 0.45 < 0.7 < min(by_strength["weak"])


def test_register_has_flags_a_passed_review_and_matches_the_preset_terms():
    policy = preset("abc")
    assert any(entry.flags for entry in DATA.register)
    assert any(entry.next_review < DEMO_DATE for entry in DATA.register)
    assert all(entry.term_days == policy.grade(entry.grade).term_days for entry in DATA.register)
    assert {entry.grade for entry in DATA.register} == {"A", "B", "C"}


def test_register_grades_and_limits_are_what_the_policy_gives():
    for entry in DATA.register:
        cid = entry.customer_id
        review = last_assessment(
            DATA.customer(cid),
            DATA.statements[cid],
            DATA.five_c[cid],
            DATA.habits[cid],
            int(DATA.monthly_sales[cid]),
        )
        assert (entry.grade, entry.term_days, entry.limit) == (
            review.grade.grade,
            review.term_days,
            review.limit.limit,
        )
    kh0008 = DATA.register_entry("KH0008")
    # B: 需求法 预计月采购额 230,000 × 45/30 × 0.7 = 241,500 is the smallest method → 241,000
    assert DATA.monthly_sales["KH0008"] == 230_000
    assert (kh0008.grade, kh0008.limit) == ("B", Decimal("241000.00"))
    assert Counter(entry.grade for entry in DATA.register) == {"A": 5, "B": 8, "C": 17}


def test_frames_use_the_canonical_columns_and_whole_fen():
    ledger = ledger_frame(DATA.invoices)
    assert list(ledger.columns) == list(LEDGER_COLUMNS)
    assert ledger["amount"].dtype == "int64"
    assert ledger["amount"].sum() == sum(int(i.amount * 100) for i in DATA.invoices)
    register = register_frame(DATA.register)
    assert list(register.columns) == [*REGISTER_COLUMNS, *REGISTER_GROUP_COLUMNS]
    assert pd.api.types.is_datetime64_any_dtype(register["next_review"])


def test_contact_log_records_calls_letters_visits_and_promises():
    log = contacts_frame(DATA.contacts)
    assert {"电话", "发函", "上门拜访"} <= set(log["method"])
    assert log["promised_date"].notna().any()
    assert Counter(log["outcome"])["未按承诺付款"] > 0


def test_survey_has_exactly_one_dimension_below_target():
    means = survey_frame(DATA.survey)[list(SURVEY_DIMENSIONS)].mean()
    assert list(means[means < SURVEY_TARGET].index) == ["交付"]
    assert survey_frame(DATA.survey)[list(SURVEY_DIMENSIONS)].isin(range(1, 6)).all().all()


def test_one_group_is_over_its_limit_though_each_member_is_within_its_own():
    from creditbook.core.monitoring import review_customers, review_groups

    reviews = review_customers(
        ledger_frame(DATA.invoices), register_frame(DATA.register), DATA.as_of, "abc"
    )
    (group,) = review_groups(reviews, DATA.groups, "abc")
    members = {r.customer_id: r for r in reviews if r.customer_id in group.position.members}
    assert sorted(members) == ["KH0001", "KH0009", "KH0014"]
    assert all(r.limit is not None and r.exposure <= r.limit for r in members.values())
    # 945,523.04 + 218,876.50 + 145,855.51 against 1,200,000.00
    assert group.position.exposure == Decimal("1310255.05")
    assert group.position.available == Decimal("-110255.05")
    assert [s.code for s in group.signals] == ["GROUP_OVER_LIMIT"]


def test_one_temporary_limit_ended_in_the_demo_month_with_the_balance_above_the_base():
    entry = DATA.register_entry("KH0002")
    assert entry.temporary_ends is not None
    assert (entry.temporary_ends.year, entry.temporary_ends.month) == (2026, 11)
    assert entry.temporary_ends < DATA.as_of
    assert (entry.temporary_ends - entry.temporary_starts).days + 1 == 90  # the policy's longest
    assert entry.temporary_limit == entry.limit * Decimal("0.3125")  # 300,000 of 960,000
    others = [r for r in DATA.register if r.temporary_limit is not None]
    assert [r.customer_id for r in others] == ["KH0002"]
