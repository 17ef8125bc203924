// Registration form: check the ID number as it is typed and show the rules' decision
// (floating population or not, registration deadline) before saving. The server decides
// again when the form is submitted; this is only to save the clerk a round trip.
(function () {
  "use strict";
  const form = document.getElementById("registration-form");
  if (!form) return;
  const $ = (name) => form.elements[name];
  const panel = document.getElementById("decision");
  const csrf = form.elements["csrfmiddlewaretoken"].value;
  const idHint = document.createElement("p");
  idHint.id = "id_number_check";
  idHint.setAttribute("aria-live", "polite");
  $("id_number").insertAdjacentElement("afterend", idHint);
  $("id_number").setAttribute("aria-describedby", "id_number_check");

  async function evaluate(cases) {
    const response = await fetch(form.dataset.evaluateUrl, {  // the URL map's address, given by the page
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
      body: JSON.stringify(cases),
    });
    if (!response.ok) {
      console.error("rules/evaluate", response.status, await response.text());
      return null;
    }
    return response.json();
  }

  // Document types whose holder is outside the measure (Art 2 para 3, R-02a), from the rules' parameter.
  const outside = JSON.parse(form.dataset.outOfScope || "{}");
  let idOutOfScope = false;

  async function checkId() {
    const value = $("id_number").value.trim().toUpperCase();
    idOutOfScope = false;
    if (outside[$("id_type").value] === "foreigner") { idHint.textContent = ""; decide(); return; }
    if (value.length < 18) { idHint.textContent = value ? `已输入 ${value.length} 位，共 18 位` : ""; idHint.className = "hint"; return; }
    const [answer] = await evaluate([{question: "id_number", value}]) || [];
    if (!answer) return;
    if (answer.outcome === "valid" && answer.out_of_scope) {
      idOutOfScope = true;
      idHint.textContent = `港澳台居民居住证号码：${answer.region_name}，${answer.birth_date} 出生，${answer.sex === "male" ? "男" : "女"}`;
      idHint.className = "hint";
    } else if (answer.outcome === "valid") {
      idHint.textContent = `号码有效：${answer.birth_date} 出生，${answer.sex === "male" ? "男" : "女"}，${answer.region_name}`;
      idHint.className = "hint ok";
      if (!$("hukou_division").value) $("hukou_division").value = answer.region;
    } else {
      idHint.textContent = "号码有误：" + answer.reasons.join("；");
      idHint.className = "hint error";
    }
    decide();
  }

  async function outOfScope() {
    // R-02a: nothing else is needed; the answer names Art 2 para 3 and the national procedure.
    const kind = outside[$("id_type").value] === "foreigner" ? "foreigner" : undefined;
    const [answer] = await evaluate([{question: "floating_status", person_kind: kind,
      id_number: $("id_number").value.trim().toUpperCase(), residence_division: ($("town").value || "").slice(0, 6) || undefined}]) || [];
    if (!answer) return;
    panel.className = "decision refuse";
    panel.textContent = "本办法不适用，不予登记：" + answer.reasons.join("；") + "（依据：" + answer.citations.join("、") + "）";
  }

  async function decide() {
    if (idOutOfScope || outside[$("id_type").value] === "foreigner") return outOfScope();
    const hukou = $("hukou_division").value, town = $("town").value, arrival = $("arrival_date").value;
    if (!/^\d{6}$/.test(hukou) || !town || !arrival) { panel.textContent = ""; return; }
    const duty = {question: "registration_duty", arrival_date: arrival, as_of: form.dataset.today || undefined};
    if ($("exemption").value) duty.exemption = $("exemption").value;
    const answers = await evaluate([
      {question: "floating_status", hukou_division: hukou, residence_division: town.slice(0, 6),
       id_number: $("id_number").value.trim().toUpperCase() || undefined}, duty]);
    if (!answers) return;
    const [floating, deadline] = answers;
    const lines = [];
    if (floating.outcome === "out_of_scope") {
      panel.className = "decision refuse";
      lines.push("本办法不适用，不予登记：" + floating.reasons.join("；") + "（依据：" + floating.citations.join("、") + "）");
    } else if (floating.outcome !== "floating") {
      panel.className = "decision refuse";
      lines.push("不予登记：" + floating.reasons.join("；") + "（" + floating.citations.join("、") + "）");
    } else if (deadline.outcome === "exempt") {
      panel.className = "decision ok";
      lines.push("属于流动人口。" + deadline.reasons.join("；"));
    } else if (deadline.outcome === "required") {
      panel.className = deadline.late ? "decision late" : "decision ok";
      lines.push(`属于流动人口。应于 ${deadline.due_date} 前申报居住登记` +
        (deadline.late ? "，已逾期：仍予登记并标记为逾期申报。" : "。") + (deadline.provisional ? "（期限按推算日历）" : ""));
    } else {
      panel.className = "decision refuse";
      lines.push((floating.reasons || []).concat(deadline.reasons || []).join("；"));
    }
    // R-25a: decided after the measure's end of validity (Art 30), with the last values in force.
    const expired = answers.find((answer) => answer.measure_expired);
    if (expired) lines.push("注意：本办法有效期已届满（第三十条），沿用届满时有效的参数作出判定。");
    panel.textContent = lines.join(" ");
  }

  // A server-side error on a field no longer applies once the clerk edits that field.
  form.addEventListener("input", (event) => {
    const field = event.target.closest(".field");
    if (!field) return;
    field.classList.remove("has-error");
    field.querySelectorAll(".errorlist").forEach((list) => list.remove());
    event.target.removeAttribute("aria-invalid");
  });
  $("id_number").addEventListener("input", checkId);
  $("id_type").addEventListener("change", checkId);
  for (const name of ["hukou_division", "town", "arrival_date", "exemption"]) $(name).addEventListener("change", decide);
  // Whatever was typed before this script ran (a fast clerk, a slow network) is checked too.
  if ($("id_number").value) checkId(); else decide();
  form.dataset.live = "ready";
})();
