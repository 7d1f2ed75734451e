"""Public pages, accounts, staff sign-in and the console shell."""

from tests.meta.routes import Route

ROUTES: list[Route] = [
    # Public pages
    Route("web.home", "public"),
    Route("web.privacy", "public"),
    Route("web.accessibility", "public"),
    Route("web.cookies", "public"),
    Route("web.contact", "public"),
    Route("web.offline", "public"),
    Route("web.choose_language", "public", args=lambda w: {"code": "pl"}),
    Route("web.healthz", "public"),
    Route("web.readyz", "public"),
    Route("web.manifest", "public"),
    Route("web.service_worker", "public"),
    Route("static", "public", args=lambda w: {"filename": "js/app.js"}),
    # Patient accounts
    Route("accounts.register", "public"),
    Route("accounts.register_step", "public", ("GET", "POST"), args=lambda w: {"step": "name"}),
    Route("accounts.register_check", "public", ("GET", "POST")),
    Route("accounts.register_sent", "public"),
    Route("accounts.register_confirm", "public", args=lambda w: {"token": "not-a-token"}),
    Route("accounts.sign_in", "public", ("GET", "POST")),
    Route("accounts.sign_out", "public", ("POST",)),
    Route("accounts.signed_out", "public"),
    Route("accounts.forgot_password", "public", ("GET", "POST")),
    Route("accounts.reset_sent", "public"),
    Route("accounts.reset_password", "public", ("GET", "POST"), args=lambda w: {"token": "not-a-token"}),
    Route("accounts.account", "patient"),
    Route("accounts.change_password", "patient", ("GET", "POST")),
    Route("accounts.change_email", "patient", ("GET", "POST")),
    Route("accounts.confirm_email", "public", args=lambda w: {"token": "not-a-token"}),
    Route("accounts.download_json", "patient"),
    Route("accounts.download_pdf", "patient"),
    Route("accounts.close_account", "patient", ("GET", "POST")),
    Route("accounts.account_closed", "public"),
    Route("accounts.dev_mailbox", "public"),
    # Staff sign-in
    Route("staff_auth.sign_in", "public", ("GET", "POST")),
    Route("staff_auth.two_factor", "public", ("GET", "POST")),
    Route("staff_auth.recovery", "public", ("GET", "POST")),
    Route("staff_auth.sign_out", "public", ("POST",)),
    Route("staff_auth.set_up", "public", ("GET", "POST"), args=lambda w: {"token": "not-a-token"}),
    Route("staff_auth.set_up_authenticator", "public", ("GET", "POST"), args=lambda w: {"token": "not-a-token"}),
    # Staff console
    Route("console.home", "staff"),
    Route("console.account", "staff"),
    Route("console.new_recovery_codes", "staff", ("POST",)),
    Route("console.change_password", "staff", ("GET", "POST")),
    Route("console.people", "staff:admin"),
    Route("console.add_person", "staff:admin", ("GET", "POST")),
    Route("console.person", "staff:admin", ("GET", "POST"), args=lambda w: {"staff_id": w["navigator"].record.id}),
    Route("console.deactivate", "staff:admin", ("POST",), args=lambda w: {"staff_id": w["spare_staff"].record.id}),
    Route(
        "console.reset_two_factor", "staff:admin", ("POST",), args=lambda w: {"staff_id": w["spare_staff"].record.id}
    ),
    Route("console.audit_log", "staff:admin"),
    Route("console.audit_csv", "staff:admin"),
]

ROUTES += [
    Route("patients.search", "staff:admin,clinician,navigator"),
    Route("patients.record", "staff:admin,clinician,navigator", args=lambda w: {"patient_id": w["patient_a"].id}),
]
