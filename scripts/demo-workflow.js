// The demo of the main job, derived from template workflow 1 (incident email → SMS) so that it
// runs without a mailbox or a mail server: a webhook stands in for the IMAP trigger, the approval
// is off, and the emails become nodes that only keep what they would have said. Everything else
// (Alert Composer, Sector Targeting, SMS Dispatch on the Sandbox, the report) is workflow 1's own.
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const DEMO_WORKFLOW_ID = 'AlerteDemo01A';
const DEMO_WORKFLOW_NAME = 'Alerte Commerces — Démo : courriel de police → SMS (Sandbox)';
const DEMO_WEBHOOK_PATH = 'alerte-commerces/demo-courriel';
const WORKFLOW_1 = join(__dirname, '..', 'workflows', '01-incident-email-to-sms.json');

const DEMO_NOTE = `## Démo, dérivée du workflow 1

Généré par \`scripts/demo-workflow.js\` à partir de *Alerte Commerces — 1. Email de la police → SMS* ; \`npm start\` l'importe et le publie.

- Le déclencheur IMAP est remplacé par un **webhook** (\`POST /webhook/${DEMO_WEBHOOK_PATH}\`) : \`npm run demo:email\` y dépose une fiche fictive de la gendarmerie.
- La **validation** est désactivée.
- Aucun email ne part : chaque nœud *(démo)* garde le destinataire, l'objet et le texte, visibles dans l'exécution et dans la réponse du webhook.
- SMS Dispatch reste sur **Sandbox** : chaque SMS est une ligne de \`.n8n-home/.n8n/alerte-commerces-outbox.jsonl\`.

Pour la mise en service, réglez le workflow 1, pas celui-ci.`;

// The Email Trigger's "simple" format: the headers from, to, cc, date, subject at the top level,
// the bodies as textPlain and textHtml. The webhook receives that same object as its body.
const AS_IMAP_ITEM = `// The webhook's body is an email as the Police Mail Trigger gives it (from, to, subject, text,
// html, date, headers); textPlain and textHtml, as n8n's Email Trigger names them, are read too.
return $input.all().map(({ json }) => {
  const mail = json.body ?? {};
  const text = (key) => (typeof mail[key] === 'string' ? mail[key] : '');
  const headers = mail.headers && typeof mail.headers === 'object' && !Array.isArray(mail.headers) ? mail.headers : {};
  return {
    json: {
      from: text('from'),
      to: text('to'),
      subject: text('subject'),
      text: text('text') || text('textPlain'),
      html: text('html') || text('textHtml'),
      date: text('date'),
      headers,
    },
  };
});`;

function fail(what) {
	throw new Error(`Workflow 1 (workflows/01-incident-email-to-sms.json) ${what}: update scripts/demo-workflow.js to match it.`);
}

/** Targets of one output of a node, by name. */
const targetsOf = (connections, name, output) => (connections[name]?.main?.[output] ?? []).map((c) => c.node);

/** Every string inside a value (node parameters). */
const strings = (value) => (typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(strings) : []);

/** Renames a node in the connections; a node read by name in an expression (`$('…')`) fails loudly instead. */
function rename(workflow, node, name) {
	const old = node.name;
	if (workflow.nodes.some((n) => strings(n.parameters).some((s) => s.includes('$(') && s.includes(old)))) fail(`reads the node "${old}" in an expression`);
	node.name = name;
	if (workflow.connections[old]) {
		workflow.connections[name] = workflow.connections[old];
		delete workflow.connections[old];
	}
	for (const outputs of Object.values(workflow.connections)) {
		for (const branches of Object.values(outputs)) for (const branch of branches) for (const c of branch ?? []) if (c.node === old) c.node = name;
	}
}

/** The demo workflow, from the parsed JSON of workflow 1; throws when workflow 1 lacks a node it needs. */
function demoWorkflow(workflow1) {
	const workflow = structuredClone(workflow1);
	const { nodes, connections } = workflow;
	const only = (what, predicate) => {
		const found = nodes.filter(predicate);
		if (found.length !== 1) fail(`has ${found.length} ${what} instead of one`);
		return found[0];
	};
	const trigger = only('Police Mail Trigger', (n) => n.type === 'n8n-nodes-alerte-commerces.policeMailTrigger');
	const composer = only('Alert Composer in email mode', (n) => n.type === 'n8n-nodes-alerte-commerces.alertComposer');
	if (composer.parameters?.mode !== 'email') fail('has an Alert Composer that does not read emails');
	if (!targetsOf(connections, trigger.name, 0).includes(composer.name)) fail(`no longer hands "${trigger.name}" to "${composer.name}"`);
	// The dry run ("Aperçu") and the approval and status operations are other nodes of these types.
	const targeting = only('Sector Targeting that selects', (n) => n.type === 'n8n-nodes-alerte-commerces.sectorTargeting' && n.parameters?.dryRun !== true);
	const dispatch = only('SMS Dispatch that sends', (n) => n.type === 'n8n-nodes-alerte-commerces.smsDispatch' && (n.parameters?.resource ?? 'delivery') === 'delivery' && (n.parameters?.operation ?? 'send') === 'send');
	const approval = only('"Validation requise ?" switch', (n) => n.type === 'n8n-nodes-base.if' && n.name === 'Validation requise ?');
	const emails = nodes.filter((n) => n.type === 'n8n-nodes-base.emailSend');
	if (emails.length === 0) fail('sends no email');

	// The trigger's place and name go to a Code node that gives Alert Composer the same item; the
	// webhook comes before it.
	Object.assign(trigger, { type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { jsCode: AS_IMAP_ITEM } });
	delete trigger.credentials;
	// The Mailbox Health output has no meaning without a mailbox: its branch goes.
	for (const health of targetsOf(connections, trigger.name, 1)) {
		nodes.splice(nodes.findIndex((n) => n.name === health), 1);
		delete connections[health];
	}
	connections[trigger.name].main = connections[trigger.name].main.slice(0, 1);
	const webhook = {
		id: 'demo-webhook',
		name: 'Courriel de démo (webhook)',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		position: [trigger.position[0] - 240, trigger.position[1]],
		parameters: { httpMethod: 'POST', path: DEMO_WEBHOOK_PATH, responseMode: 'lastNode', responseData: 'firstEntryJson', options: {} },
		webhookId: 'alerte-commerces-demo-courriel',
	};
	connections[webhook.name] = { main: [[{ node: trigger.name, type: 'main', index: 0 }]] };

	// The approval page (a Form Trigger and its pages) plays no part in the demo: keep the nodes the
	// email reaches, less the form pages, and drop a switch left with nowhere to go.
	const isForm = (n) => n.type === 'n8n-nodes-base.formTrigger' || n.type === 'n8n-nodes-base.form';
	const kept = new Set();
	const visit = (name) => {
		const n = nodes.find((x) => x.name === name);
		if (!n || isForm(n) || kept.has(name)) return;
		kept.add(name);
		for (const branch of connections[name]?.main ?? []) for (const c of branch ?? []) visit(c.node);
	};
	visit(trigger.name);
	kept.add(webhook.name);
	for (;;) {
		const dead = nodes.find((n) => kept.has(n.name) && n.type === 'n8n-nodes-base.if' && (connections[n.name]?.main ?? []).every((b) => !(b ?? []).some((c) => kept.has(c.node))));
		if (!dead) break;
		kept.delete(dead.name);
	}
	nodes.splice(0, nodes.length, ...nodes.filter((n) => kept.has(n.name) || n.type === 'n8n-nodes-base.stickyNote'));
	for (const name of Object.keys(connections)) {
		if (!kept.has(name)) delete connections[name];
		else for (const branch of connections[name].main ?? []) if (branch) branch.splice(0, branch.length, ...branch.filter((c) => kept.has(c.node)));
	}

	// Approval off: the switch takes the branch that goes straight to Sector Targeting.
	const conditions = approval.parameters?.conditions?.conditions ?? [];
	if (conditions.length !== 1 || !/^=\{\{\s*(true|false)\s*\}\}$/.test(conditions[0].leftValue)) fail('has a "Validation requise ?" switch that is no longer ={{ true }} or ={{ false }}');
	// The branch without approval: the one that does not ask for it (it may check the recipient cap first).
	const asks = (name) => nodes.some((n) => n.name === name && n.parameters?.resource === 'approval');
	const reaches = (from, goal, seen = new Set()) =>
		from === goal || (!seen.has(from) && (seen.add(from), [0, 1].some((o) => targetsOf(connections, from, o).some((next) => reaches(next, goal, seen)))));
	const direct = [0, 1].filter((output) => {
		const targets = targetsOf(connections, approval.name, output);
		return targets.length > 0 && !targets.some(asks) && targets.some((t) => reaches(t, targeting.name));
	});
	if (direct.length !== 1) fail(`no longer has one branch of "${approval.name}" that goes to "${targeting.name}" without asking for approval`);
	conditions[0].leftValue = `={{ ${direct[0] === 0} }}`;

	// The demo always sends to the Sandbox outbox, whatever provider workflow 1 names.
	dispatch.parameters = { ...dispatch.parameters, provider: 'sandbox' };
	dispatch.credentials = Object.fromEntries(Object.entries(dispatch.credentials ?? {}).filter(([type]) => type === 'alerteCommercesRegistry'));

	// Each email keeps its recipient, subject and text under `email`, beside what it received.
	for (const node of emails) {
		const { toEmail, subject, text, html } = node.parameters;
		Object.assign(node, {
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			parameters: {
				mode: 'manual',
				includeOtherFields: true,
				assignments: {
					assignments: [
						{ id: `${node.id}-to`, name: 'email.to', value: toEmail ?? '', type: 'string' },
						{ id: `${node.id}-subject`, name: 'email.subject', value: subject ?? '', type: 'string' },
						{ id: `${node.id}-text`, name: 'email.text', value: text ?? html ?? '', type: 'string' },
					],
				},
				options: {},
			},
		});
		delete node.credentials;
		rename(workflow, node, `${node.name} (démo)`);
	}

	nodes.push(webhook, {
		id: 'demo-note',
		name: 'Démo dérivée du workflow 1',
		type: 'n8n-nodes-base.stickyNote',
		typeVersion: 1,
		position: [webhook.position[0] - 420, -420],
		parameters: { content: DEMO_NOTE, width: 560, height: 400, color: 4 },
	});
	return { ...workflow, id: DEMO_WORKFLOW_ID, name: DEMO_WORKFLOW_NAME, active: false };
}

/** The demo derived from workflows/01-incident-email-to-sms.json as it is on disk. */
function loadDemoWorkflow() {
	return demoWorkflow(JSON.parse(readFileSync(WORKFLOW_1, 'utf8')));
}

module.exports = { demoWorkflow, loadDemoWorkflow, DEMO_WORKFLOW_ID, DEMO_WORKFLOW_NAME, DEMO_WEBHOOK_PATH };
