"""`--keywords`: jieba with the checklist's terms as a user dictionary."""

from checker.view.keywords import keywords


def test_domain_terms_stay_whole(township):
    text = "我镇编制重大行政决策事项目录，落实执法全过程记录，重大行政决策经合法性审查。" * 3
    words = keywords(text, township)
    assert "重大行政决策" in words
    assert "执法全过程记录" in words
    assert "决策" not in words  # not cut into pieces


def test_keywords_are_deterministic(township):
    text = "镇政府聘请法律顾问审核合同21份，开展普法宣传活动8场，落实谁执法谁普法。"
    assert keywords(text, township) == keywords(text, township)
