"""HTTP end-to-end, one test per route: Beijing (district + municipal), Tianjin (district)."""

from urllib.parse import quote

from rest_framework.test import APIClient

from .helpers import API, beijing_body, create, tasks, tianjin_body, upload


def token_client(username: str) -> APIClient:
    """A client that logs in the way an integrator does: a token from auth/token/."""
    client = APIClient()
    response = client.post(
        f"{API}/auth/token/", {"username": username, "password": "pw"}, format="json"
    )
    assert response.status_code == 200, response.json()
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return client


def decide(client, task_id, decision="approve", opinion="同意"):
    response = client.post(
        f"{API}/tasks/{task_id}/decide/", {"decision": decision, "opinion": opinion}, format="json"
    )
    assert response.status_code == 200, response.json()
    return response.json()


def verify(number: str, code: str | None = None) -> dict:
    query = {"code": code} if code is not None else {}
    response = APIClient().get(f"{API}/certificates/{quote(number)}/verify/", query)
    assert response.status_code == 200, response.json()
    return response.json()


def test_beijing_tending_design_end_to_end(applicant_my, reviewer_my, approver):
    applicant = token_client("applicant_my")
    draft = create(applicant, beijing_body())
    assert draft["status"] == "draft"
    assert draft["reference"].startswith("TD-")
    assert draft["district"] == "110118" and draft["jurisdiction"] == "110000"
    assert draft["certificate"] is None

    attachment = upload(applicant, draft["id"])
    assert attachment.status_code == 201, attachment.json()
    assert set(attachment.json()) >= {"id", "kind", "name", "size", "sha256"}
    assert attachment.json()["kind"] == "design_document"

    submitted = applicant.post(f"{API}/applications/{draft['id']}/submit/")
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["deadline"]["step"] == "acceptance"

    district = token_client("district_my")
    [task] = tasks(district, "queue")
    assert task["step"] == "acceptance"
    result = decide(district, task["id"], "accept", "予以受理")
    assert result["application"]["status"] == "district_review"
    assert result["application"]["deadline"]["step"] == "district_review"
    [task] = tasks(district, "queue")
    assert task["application"]["reference"] == draft["reference"]
    assert task["step"] == "district_review"
    assert task["agency"]["code"] == "110118-forestry"
    result = decide(district, task["id"])
    assert result["task"]["status"] == "done"
    assert result["application"]["status"] == "municipal_review"

    municipal = token_client("muni_forest")
    [task] = tasks(municipal, "queue")
    assert task["step"] == "municipal_review"
    result = decide(municipal, task["id"])
    application = result["application"]
    assert application["status"] == "approved"
    certificate = application["certificate"]
    assert certificate["number"].startswith("京园林抚审〔")
    assert certificate["status"] == "valid"
    assert certificate["url"].endswith(f"/api/v1/applications/{draft['id']}/certificate.pdf")

    pdf = applicant.get(f"{API}/applications/{draft['id']}/certificate.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")

    assert verify(certificate["number"]) == {
        "number": certificate["number"],
        "document_kind": "approval",
        "status": "valid",
    }  # without the check code: no details
    public = verify(certificate["number"], certificate["code"])
    assert public["status"] == "valid"
    assert public["issuing_agency"] == "北京市园林绿化局"
    assert public["reference"] == draft["reference"]
    assert public["holder"] == "密**"
    assert public["kind"] == "tending"
    assert public["valid_until"]

    # Revocation needs a ground of art. 69 and the holder heard on it first (art. 7).
    url = f"{API}/applications/{draft['id']}"
    unheard = municipal.post(
        f"{url}/revoke/", {"ground": "fraud", "reason": "发现违规作业"}, format="json"
    )
    assert unheard.status_code == 409
    notice = {"act": "revoke", "ground": "fraud", "facts": "提交的林权证明系伪造。"}
    assert municipal.post(f"{url}/statement-notice/", notice, format="json").status_code == 201
    answer = {"answer": "林权证明由村委会出具，本单位不知情。"}
    assert applicant.post(f"{url}/statement-answer/", answer, format="json").status_code == 200
    revoked = municipal.post(
        f"{url}/revoke/", {"ground": "fraud", "reason": "经复核，申辩理由不能成立。"}, format="json"
    )
    assert revoked.status_code == 200, revoked.json()
    assert revoked.json()["status"] == "revoked"
    assert verify(certificate["number"])["status"] == "revoked"

    history = applicant.get(f"{API}/applications/{draft['id']}/history/").json()
    actions = [e["action"] for e in history]
    assert actions[0] == "create"
    assert actions[-2:] == ["revoke", "cancel"]  # 注销 with the revocation (art. 70(4))
    assert {"attachment_added", "submit", "approve", "certificate_issued"} <= set(actions)
    assert [e["seq"] for e in history] == sorted(e["seq"] for e in history)
    approve = next(e for e in history if e["action"] == "approve")
    assert approve["agency"] == {"code": "110118-forestry", "name": "密云区园林绿化局"}
    assert approve["actor"]["username"] == "district_my"
    assert approve["application"] == {"id": draft["id"], "reference": draft["reference"]}


def test_tianjin_tending_design_district_step_is_final(applicant_jz, reviewer_jz):
    applicant = token_client("applicant_jz")
    draft = create(applicant, tianjin_body())
    assert upload(applicant, draft["id"]).status_code == 201
    assert applicant.post(f"{API}/applications/{draft['id']}/submit/").status_code == 200

    district = token_client("district_jz")
    [task] = tasks(district, "queue")
    assert (task["agency"]["code"], task["step"]) == ("120119-forestry", "acceptance")
    decide(district, task["id"], "accept", "予以受理")
    [task] = tasks(district, "queue")
    application = decide(district, task["id"])["application"]
    assert application["status"] == "approved"
    assert application["certificate"]["number"].startswith("津蓟林抚审〔")
    assert tasks(district, "queue") == []
    assert [done["decision"] for done in tasks(district, "archive")] == ["approve", "accept"]

    pdf = applicant.get(f"{API}/applications/{draft['id']}/certificate.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert verify(application["certificate"]["number"])["status"] == "valid"


def test_rejection_gives_the_refusal_document(client_for, applicant_my, reviewer_my):
    applicant = client_for(applicant_my)
    draft = create(applicant, beijing_body())
    upload(applicant, draft["id"])
    applicant.post(f"{API}/applications/{draft['id']}/submit/")
    pdf_url = f"{API}/applications/{draft['id']}/certificate.pdf"
    assert applicant.get(pdf_url).status_code == 404  # under review: no document yet

    district = client_for(reviewer_my)
    [task] = tasks(district, "queue")
    decide(district, task["id"], "accept", "予以受理")
    [task] = tasks(district, "queue")
    application = decide(district, task["id"], "reject", "作业区域位于核心区")["application"]
    assert application["status"] == "rejected"
    refusal = application["certificate"]  # the refusal decision (api.md)
    assert refusal["number"].startswith("京园林抚不许〔") and refusal["status"] == "refused"
    public = verify(refusal["number"], refusal["code"])
    assert public["document_kind"] == "refusal" and public["status"] == "refused"
    assert public["holder"] == "密**" and public["valid_until"] is None
    assert public["issuing_agency"] == "密云区园林绿化局"

    pdf = applicant.get(pdf_url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
