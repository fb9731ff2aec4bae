/// The built-in digest templates. A user replaces them with `digest.textTemplate` and
/// `digest.htmlTemplate`; the variables are listed in the README.
enum DefaultTemplates {
    static let text = """
        {{% CONTENT_TYPE: TEXT}}
        {{#hasStaleNote}}
        {{staleNote}}

        {{/hasStaleNote}}
        {{greeting}}, {{ownerFirstName}}. {{headline}}
        {{#hasWaiting}}

        THEY WROTE TO YOU
        {{#waiting}}
        * {{name}}: {{when}}{{#hasSubject}}
          "{{subject}}"{{/hasSubject}}
        {{/waiting}}
        {{/hasWaiting}}
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
        {{#hasReplies}}
        Been in touch? Reply to this mail, one line each, and kith records it:
          done NAME: note            met NAME at PLACE: note
          gave NAME: note            asked NAME: note
          thanks NAME: note          snooze NAME 2w          skip NAME
        e.g. done {{logExample}}: coffee
        {{/hasReplies}}
        {{^hasReplies}}
        Been in touch? Tell kith and the clock restarts:
          kith log "{{logExample}}" --note "coffee"
        {{/hasReplies}}

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
        <p>{{greeting}}, {{ownerFirstName}}. {{headline}}</p>
        {{#hasWaiting}}
        <h2 style="font-size: 1.1em;">They wrote to you</h2>
        <ul>
        {{#waiting}}
        <li><strong>{{name}}</strong>: {{when}}{{#hasSubject}}<br>&ldquo;{{subject}}&rdquo;{{/hasSubject}}{{#doneLink}}<br><a href="{{doneLink}}">answered</a>{{/doneLink}}</li>
        {{/waiting}}
        </ul>
        {{/hasWaiting}}
        {{#hasFollowUps}}
        <h2 style="font-size: 1.1em;">Follow up</h2>
        <ul>
        {{#followUps}}
        <li><strong>{{name}}</strong>: {{since}}<br>{{suggestion}}{{#doneLink}}<br><a href="{{doneLink}}">done</a> · <a href="{{snoozeLink}}">snooze 2 weeks</a>{{/doneLink}}</li>
        {{/followUps}}
        </ul>
        {{/hasFollowUps}}
        {{#hasThanks}}
        <h2 style="font-size: 1.1em;">Say thank you</h2>
        <ul>
        {{#thanks}}
        <li><strong>{{name}}</strong>: {{since}}<br>{{suggestion}}{{#doneLink}}<br><a href="{{doneLink}}">done</a> · <a href="{{snoozeLink}}">snooze 2 weeks</a>{{/doneLink}}</li>
        {{/thanks}}
        </ul>
        {{/hasThanks}}
        {{#goals}}
        <h2 style="font-size: 1.1em;">For your goal: {{title}}</h2>
        <ul>
        {{#people}}
        <li><strong>{{name}}</strong>: {{since}}<br>{{suggestion}}{{#doneLink}}<br><a href="{{doneLink}}">done</a> · <a href="{{snoozeLink}}">snooze 2 weeks</a>{{/doneLink}}</li>
        {{/people}}
        </ul>
        {{/goals}}
        {{#hasOverdue}}
        <h2 style="font-size: 1.1em;">Time to reach out</h2>
        <ul>
        {{#overdue}}
        <li><strong>{{name}}</strong>: {{since}}<br>{{suggestion}}{{#doneLink}}<br><a href="{{doneLink}}">done</a> · <a href="{{snoozeLink}}">snooze 2 weeks</a>{{/doneLink}}</li>
        {{/overdue}}
        </ul>
        {{/hasOverdue}}
        {{#hasBeyondField}}
        <h2 style="font-size: 1.1em;">Beyond your field</h2>
        <ul>
        {{#beyondField}}
        <li><strong>{{name}}</strong>: {{since}}<br>{{suggestion}}{{#doneLink}}<br><a href="{{doneLink}}">done</a> · <a href="{{snoozeLink}}">snooze 2 weeks</a>{{/doneLink}}</li>
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
        {{#hasReplies}}
        <p style="color: #666; font-size: 0.9em;">Been in touch? Tap a link above, or reply with one line each:
        <code>done NAME: note</code>, <code>met NAME at PLACE</code>, <code>gave</code>, <code>asked</code> or
        <code>thanks NAME: note</code>, <code>snooze NAME 2w</code>, <code>skip NAME</code>.</p>
        {{/hasReplies}}
        {{^hasReplies}}
        <p style="color: #666; font-size: 0.9em;">Been in touch? Tell kith and the clock restarts:<br>
        <code>kith log "{{logExample}}" --note "coffee"</code></p>
        {{/hasReplies}}
        </body>
        </html>

        """
}
