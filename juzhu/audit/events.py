"""The catalogue of audit events: every action the system writes to the audit chain.

One member per event, with its Chinese label, whether it belongs on a person's timeline
(``juzhu.office.timeline``) and whether it is a logged read of personal data (R-22, written
through ``record_read``). ``record``, ``record_read`` and ``build_entry`` take a member (or
its exact string), so a misspelt action fails at once instead of writing an entry that no
screen or query will ever find.

The values are stored in ``AuditEntry.action`` and covered by the chain's hash: never change
one; add a new member instead.
"""

from __future__ import annotations

from enum import StrEnum


class Event(StrEnum):
    label: str
    on_timeline: bool
    read: bool

    def __new__(cls, value: str, label: str, on_timeline: bool = False, read: bool = False) -> Event:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        member.on_timeline = on_timeline
        member.read = read
        return member

    # -- residence registration ------------------------------------------------------------
    REGISTRATION_CREATE = "registration.create", "办理居住登记", True
    REGISTRATION_SUPERSEDED = "registration.superseded", "居住登记被新登记取代", True
    REGISTRATION_MOVED = "registration.moved", "原居住登记迁出（在新居住地重新登记）", True
    REGISTRATION_MOVE_ACKNOWLEDGED = "registration.move_acknowledged", "原登记单位知悉迁出", True
    REGISTRATION_CANCEL = "registration.cancel", "注销居住登记", True
    REGISTRATION_REFUSED = "registration.refused", "拒绝办理居住登记"
    REGISTRATION_IDENTITY_CONFLICT = "registration.identity_conflict", "居住登记身份信息冲突"
    REGISTRATION_RECOMPUTE = "registration.recompute", "日历变更后重算居住登记期限"
    REGISTRATION_VIEW = "registration.view", "查看居住登记", False, True

    # -- residence permit applications ------------------------------------------------------
    APPLICATION_RECEIVE = "application.receive", "收到居住证申领材料", True
    APPLICATION_NOTICE = "application.notice", "出具一次性告知书", True
    APPLICATION_SUPPLEMENT = "application.supplement", "补充申领材料", True
    APPLICATION_ACCEPT = "application.accept", "受理居住证申领，出具回执", True
    APPLICATION_APPROVE = "application.approve", "批准居住证申领", True
    APPLICATION_REFUSE = "application.refuse", "不予批准居住证申领", True
    APPLICATION_EXTEND = "application.extend", "延长发放期限", True
    APPLICATION_WITHDRAW = "application.withdraw", "撤回申领", True
    APPLICATION_RECOMPUTE = "application.recompute", "日历变更后重算发放期限"
    APPLICATION_VIEW = "application.view", "查看居住证申领", False, True

    # -- permits and cards --------------------------------------------------------------------
    PERMIT_ISSUE = "permit.issue", "签发居住证", True
    CARD_HAND_OUT = "card.hand_out", "发放居住证", True
    PERMIT_ENDORSE = "permit.endorse", "办理签注", True
    PERMIT_SUSPEND = "permit.suspend", "逾期未签注，居住证使用功能中止", True
    PERMIT_CHANGE_ADDRESS = "permit.change_address", "居住地址变更", True
    CARD_REPLACEMENT = "card.replacement", "换领居住证", True
    CARD_REISSUE = "card.reissue", "补领居住证", True
    PERMIT_RECOMPUTE = "permit.recompute", "日历变更后重算签注期"
    PERMIT_VIEW = "permit.view", "查看居住证", False, True
    PERMIT_VERIFY = "permit.verify", "核验居住证", False, True
    CARD_CREDENTIAL = "card.credential", "签署卡面电子凭证（二维码）", True

    # -- persons and documents -------------------------------------------------------------------
    PERSON_PHOTO = "person.photo", "采集相片"
    PERSON_IDENTITY_CHANGE = "person.identity_change", "更改身份信息"  # the timeline shows IdentityChange rows
    PERSON_SEARCH = "person.search", "查询人员", False, True
    PERSON_VIEW = "person.view", "查看人员信息", False, True
    DOCUMENT_PRINT = "document.print", "打印文书", True, True

    # -- residents' self-service (issue 10) -------------------------------------------------------
    RESIDENT_SIGN_IN = "resident.sign_in", "居民登录自助服务"
    RESIDENT_BIND = "resident.bind", "居民实名绑定", True
    RESIDENT_BIND_NO_MATCH = "resident.bind_no_match", "居民实名绑定未匹配"
    RESIDENT_BIND_OTHERS_ID = "resident.bind_others_id", "居民实名绑定使用了他人的身份证号码"
    RESIDENT_VIEW_OWN = "resident.view_own", "居民查看本人信息", False, True
    DECLARATION_SUBMIT = "declaration.submit", "居民网上申报居住登记", True
    DECLARATION_CONFIRM = "declaration.confirm", "确认网上申报的居住登记", True
    DECLARATION_RETURN = "declaration.return", "退回网上申报的居住登记", True
    DECLARATION_VIEW = "declaration.view", "查看网上申报", False, True

    # -- deadline flags (Art 27, R-24) -------------------------------------------------------
    FLAG_RAISE = "flag.raise", "发放期限超期，标记督办"
    FLAG_WITHDRAW = "flag.withdraw", "日历变更后撤销超期标记"
    FLAG_RECOMPUTE = "flag.recompute", "日历变更后重算超期标记期限"
    FLAG_RESOLVE = "flag.resolve", "申领已办结，超期标记关闭"

    # -- staff and access -------------------------------------------------------------------------
    STAFF_PASSWORD_CHANGED = "staff.password_changed", "修改密码"
    STAFF_SECOND_FACTOR_ENROLLED = "staff.second_factor_enrolled", "绑定第二认证因素"
    STAFF_SECOND_FACTOR_FAILED = "staff.second_factor_failed", "第二认证因素验证失败"
    STAFF_SECOND_FACTOR_RESET = "staff.second_factor_reset", "重置第二认证因素"
    STAFF_CREATE = "staff.create", "新建工作人员账号"
    STAFF_ASSIGN = "staff.assign", "调整工作人员角色或单位"
    STAFF_DEACTIVATE = "staff.deactivate", "停用工作人员账号"
    API_TOKEN_CREATE = "api_token.create", "创建接口令牌"
    API_TOKEN_REVOKE = "api_token.revoke", "吊销接口令牌"

    # -- reference data ---------------------------------------------------------------------------
    CALENDAR_ENTER = "calendar.enter", "录入法定节假日安排"
    CALENDAR_CORRECT = "calendar.correct", "更正法定节假日安排"
    PARAMETER_SET = "parameter.set", "设定政策参数"
    PARAMETER_CORRECT = "parameter.correct", "更正政策参数"

    # -- the system ---------------------------------------------------------------------------------
    JOB_DAILY = "job.daily", "每日任务"
    AUDIT_GAP = "audit.gap", "审计队列缺号"
    DEMO_GENERATE = "demo.generate", "生成演示数据"
    KEY_ROTATE = "key.rotate", "更换电子居住证签名密钥"
    # issue 10: endorsement
    ENDORSEMENT_SUBMIT = "endorsement.submit", "居民网上申请签注", True
    ENDORSEMENT_CONFIRM = "endorsement.confirm", "确认网上签注申请", True
    ENDORSEMENT_RETURN = "endorsement.return", "退回网上签注申请", True
    ENDORSEMENT_VIEW = "endorsement.view", "查看网上签注申请", False, True

    # issue 10: online application with uploads
    ONLINE_APPLICATION_SUBMIT = "online_application.submit", "居民网上申领居住证", True
    ONLINE_APPLICATION_SUPPLEMENT = "online_application.supplement", "居民网上补正申领材料", True
    ONLINE_APPLICATION_RECEIVE = "online_application.receive", "核验网上申领材料", True
    ONLINE_APPLICATION_RETURN = "online_application.return", "退回网上申领", True
    ONLINE_UPLOAD_VIEW = "online_application.view_upload", "查看居民上传的申领材料", False, True

    # issue 10: cards (address change, lost card, reissue and replacement online; Art 14-16, R-13a)
    CARD_REPORT_LOST = "card.report_lost", "居住证挂失（原证即时作废）", True
    ADDRESS_CHANGE_SUBMIT = "address_change.submit", "居民网上申请居住地址变更", True
    ADDRESS_CHANGE_CONFIRM = "address_change.confirm", "确认网上居住地址变更申请", True
    ADDRESS_CHANGE_RETURN = "address_change.return", "退回网上居住地址变更申请", True
    ADDRESS_CHANGE_VIEW = "address_change.view", "查看网上居住地址变更申请", False, True
    CARD_REQUEST_SUBMIT = "card_request.submit", "居民网上申请补领或换领居住证", True
    CARD_REQUEST_CONFIRM = "card_request.confirm", "确认网上补领或换领居住证申请", True
    CARD_REQUEST_RETURN = "card_request.return", "退回网上补领或换领居住证申请", True
    CARD_REQUEST_VIEW = "card_request.view", "查看网上补领或换领居住证申请", False, True

    @classmethod
    def timeline(cls) -> list[Event]:
        """The events a person's timeline shows."""
        return [event for event in cls if event.on_timeline]


NO_LONGER_WRITTEN = frozenset(
    {
        Event.REGISTRATION_SUPERSEDED,  # the first release's registration elsewhere; now registration.moved
    }
)


def as_event(action: Event | str) -> Event:
    """The member for ``action``; ``ValueError`` for a string that is not in the catalogue."""
    try:
        return Event(action)  # type: ignore[call-arg]  # a lookup by value, not a new member (mypy reads __new__)
    except ValueError:
        raise ValueError(f"{action!r} 不是审计事件目录（juzhu.audit.events.Event）中的事件") from None
