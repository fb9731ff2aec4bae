/// The built-in digest templates. A user replaces them with `digest.textTemplate` and
/// `digest.htmlTemplate`; the variables are listed in the README.
enum DefaultTemplates {
    static let text = """
        {{% CONTENT_TYPE: TEXT}}
        {{#hasStaleNote}}
        {{staleNote}}

        {{/hasStaleNote}}
        Good morning, {{ownerFirstName}}. {{headline}}
        {{#hasFollowUps}}

        FOLLOW UP
        {{#followUps}}
        * {{name}}: {{since}}
          {{suggestion}}
        {{/followUps}}
        {{/hasFollowUps}}
        {{#hasThanks}}

        SAY THANK YOU
        {{#thanks}}
        * {{name}}: {{since}}
          {{suggestion}}
        {{/thanks}}
        {{/hasThanks}}
        {{#goals}}

        FOR YOUR GOAL: {{title}}
        {{#people}}
        * {{name}}: {{since}}
          {{suggestion}}
        {{/people}}
        {{/goals}}
        {{#hasOverdue}}

        TIME TO REACH OUT
        {{#overdue}}
        * {{name}}: {{since}}
          {{suggestion}}
        {{/overdue}}
        {{/hasOverdue}}
        {{#hasBeyondField}}

        BEYOND YOUR FIELD
        {{#beyondField}}
        * {{name}}: {{since}}
          {{suggestion}}
        {{/beyondField}}
        {{/hasBeyondField}}
        {{#hasMore}}

        {{moreText}}
        {{/hasMore}}
        {{#hasIntroductions}}

        INTRODUCTIONS YOU COULD MAKE
        {{#introductions}}
        * {{text}}
        {{/introductions}}
        {{/hasIntroductions}}
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
        {{#hasStaleNote}}
        <p style="background: #fff4d6; padding: 0.5em;">{{staleNote}}</p>
        {{/hasStaleNote}}
        <p>Good morning, {{ownerFirstName}}. {{headline}}</p>
        {{#hasFollowUps}}
        <h2 style="font-size: 1.1em;">Follow up</h2>
        <ul>
        {{#followUps}}
        <li><strong>{{name}}</strong>: {{since}}<br>{{suggestion}}</li>
        {{/followUps}}
        </ul>
        {{/hasFollowUps}}
        {{#hasThanks}}
        <h2 style="font-size: 1.1em;">Say thank you</h2>
        <ul>
        {{#thanks}}
        <li><strong>{{name}}</strong>: {{since}}<br>{{suggestion}}</li>
        {{/thanks}}
        </ul>
        {{/hasThanks}}
        {{#goals}}
        <h2 style="font-size: 1.1em;">For your goal: {{title}}</h2>
        <ul>
        {{#people}}
        <li><strong>{{name}}</strong>: {{since}}<br>{{suggestion}}</li>
        {{/people}}
        </ul>
        {{/goals}}
        {{#hasOverdue}}
        <h2 style="font-size: 1.1em;">Time to reach out</h2>
        <ul>
        {{#overdue}}
        <li><strong>{{name}}</strong>: {{since}}<br>{{suggestion}}</li>
        {{/overdue}}
        </ul>
        {{/hasOverdue}}
        {{#hasBeyondField}}
        <h2 style="font-size: 1.1em;">Beyond your field</h2>
        <ul>
        {{#beyondField}}
        <li><strong>{{name}}</strong>: {{since}}<br>{{suggestion}}</li>
        {{/beyondField}}
        </ul>
        {{/hasBeyondField}}
        {{#hasMore}}
        <p>{{moreText}}</p>
        {{/hasMore}}
        {{#hasIntroductions}}
        <h2 style="font-size: 1.1em;">Introductions you could make</h2>
        <ul>
        {{#introductions}}
        <li>{{text}}</li>
        {{/introductions}}
        </ul>
        {{/hasIntroductions}}
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
