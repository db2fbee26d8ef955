"""The team's daily report in the back office: 30 days of figures, one day's top films and projects."""
from flask import request

from app.admin.blueprint import bp
from app.ops import alerts, report
from app.pages import render


@bp.get("/rapport")
def daily_report():
    rows = report.latest()
    wanted = request.args.get("jour", "")
    chosen = next((row for row in rows if row.day.isoformat() == wanted), rows[0] if rows else None)
    totals = {"viewings": sum(r.viewings for r in rows), "fcfa": sum(r.contributions_fcfa for r in rows),
              "contributions": sum(r.contributions_count for r in rows)}
    return render("admin/report.html", rows=rows, chosen=chosen, totals=totals,
                  incidents=alerts.open_incidents())
