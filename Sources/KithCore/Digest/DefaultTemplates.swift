/// The built-in digest templates. A user replaces them with `digest.textTemplate` and
/// `digest.htmlTemplate`; the variables are listed in the README.
enum DefaultTemplates {
    static let text = """
        {{% CONTENT_TYPE: TEXT}}
        Good morning, {{ownerFirstName}}. {{headline}}
        {{#hasFollowUps}}

        FOLLOW UP
        {{#followUps}}
        * {{name}}: {{since}}
          {{suggestion}}
        {{/followUps}}
        {{/hasFollowUps}}
        {{#hasOverdue}}

        TIME TO REACH OUT
        {{#overdue}}
        * {{name}}: {{since}}; you wanted to be in touch {{cadence}}
          {{suggestion}}
        {{/overdue}}
        {{/hasOverdue}}
        {{#hasMore}}

        {{moreText}}
        {{/hasMore}}
        {{#hasDates}}

        COMING UP
        {{#dates}}
        * {{when}}: {{what}}
        {{/dates}}
        {{/hasDates}}

        --
        Been in touch? Tell kith and the clock restarts:
          kith log "{{logExample}}" --note "coffee"

        """

    static let html = """
        {{% CONTENT_TYPE: HTML}}
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>{{subject}}</title>
        </head>
        <body style="font-family: -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; line-height: 1.5; color: #222; max-width: 40em;">
        <p>Good morning, {{ownerFirstName}}. {{headline}}</p>
        {{#hasFollowUps}}
        <h2 style="font-size: 1.1em;">Follow up</h2>
        <ul>
        {{#followUps}}
        <li><strong>{{name}}</strong>: {{since}}<br>{{suggestion}}</li>
        {{/followUps}}
        </ul>
        {{/hasFollowUps}}
        {{#hasOverdue}}
        <h2 style="font-size: 1.1em;">Time to reach out</h2>
        <ul>
        {{#overdue}}
        <li><strong>{{name}}</strong>: {{since}}; you wanted to be in touch {{cadence}}<br>{{suggestion}}</li>
        {{/overdue}}
        </ul>
        {{/hasOverdue}}
        {{#hasMore}}
        <p>{{moreText}}</p>
        {{/hasMore}}
        {{#hasDates}}
        <h2 style="font-size: 1.1em;">Coming up</h2>
        <ul>
        {{#dates}}
        <li>{{when}}: {{what}}</li>
        {{/dates}}
        </ul>
        {{/hasDates}}
        <hr>
        <p style="color: #666; font-size: 0.9em;">Been in touch? Tell kith and the clock restarts:<br>
        <code>kith log "{{logExample}}" --note "coffee"</code></p>
        </body>
        </html>

        """
}
