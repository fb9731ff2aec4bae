/// The built-in digest templates. A user replaces them with `digest.textTemplate` and
/// `digest.htmlTemplate`; the variables are listed in the README.
enum DefaultTemplates {
    /// Birthdays and dates, in both places a template may put them (first on the day itself).
    private static let textDates = """
        COMING UP
        {{#dates}}
        * {{when}}: {{what}}
        {{/dates}}
        """

    private static let htmlDates = """
        <h2 style="font-size: 18px; margin: 24px 0 8px 0;">Coming up</h2>
        <ul style="padding-left: 20px; margin: 0;">
        {{#dates}}
        <li style="margin: 0 0 8px 0;">{{when}}: {{what}}</li>
        {{/dates}}
        </ul>
        """

    static let text = """
        {{% CONTENT_TYPE: TEXT}}
        {{#hasStaleNote}}
        {{staleNote}}

        {{/hasStaleNote}}
        {{greeting}}, {{ownerFirstName}}. {{headline}}
        {{#datesFirst}}

        \(textDates)
        {{/datesFirst}}
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
        {{#hasColleague}}
          {{colleague}}
        {{/hasColleague}}
          {{suggestion}}
        {{/followUps}}
        {{/hasFollowUps}}
        {{#hasThanks}}

        SAY THANK YOU
        {{#thanks}}
        * {{name}}: {{since}}
        {{#hasColleague}}
          {{colleague}}
        {{/hasColleague}}
          {{suggestion}}
        {{/thanks}}
        {{/hasThanks}}
        {{#goals}}

        FOR YOUR GOAL: {{title}}
        {{#people}}
        * {{name}}: {{since}}
        {{#hasColleague}}
          {{colleague}}
        {{/hasColleague}}
          {{suggestion}}
        {{/people}}
        {{/goals}}
        {{#hasOverdue}}

        TIME TO REACH OUT
        {{#overdue}}
        * {{name}}: {{since}}
        {{#hasColleague}}
          {{colleague}}
        {{/hasColleague}}
          {{suggestion}}
        {{/overdue}}
        {{/hasOverdue}}
        {{#hasBeyondField}}

        BEYOND YOUR FIELD
        {{#beyondField}}
        * {{name}}: {{since}}
        {{#hasColleague}}
          {{colleague}}
        {{/hasColleague}}
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
        {{^datesFirst}}
        {{#hasDates}}

        \(textDates)
        {{/hasDates}}
        {{/datesFirst}}

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
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        <meta name="supported-color-schemes" content="light dark">
        <title>{{subject}}</title>
        </head>
        <body style="margin: 0; padding: 0;">
        <div style="display: none; max-height: 0; overflow: hidden;">{{preheader}}</div>
        <div style="max-width: 600px; margin: 0 auto; padding: 16px; font-family: system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; font-size: 16px; line-height: 1.5; overflow-wrap: anywhere;">
        {{#hasStaleNote}}
        <p style="background: #fff4d6; color: #222222; padding: 8px 12px; border-radius: 4px;">{{staleNote}}</p>
        {{/hasStaleNote}}
        <p>{{greeting}}, {{ownerFirstName}}. {{headline}}</p>
        {{#datesFirst}}
        {{#hasDates}}
        \(htmlDates)
        {{/hasDates}}
        {{/datesFirst}}
        {{#hasWaiting}}
        <h2 style="font-size: 18px; margin: 24px 0 8px 0;">They wrote to you</h2>
        <ul style="padding-left: 20px; margin: 0;">
        {{#waiting}}
        <li style="margin: 0 0 14px 0;"><strong>{{name}}</strong>: {{when}}{{#hasSubject}}<br>&ldquo;{{subject}}&rdquo;{{/hasSubject}}{{#doneLink}}<br><a href="{{doneLink}}">answered</a>{{/doneLink}}</li>
        {{/waiting}}
        </ul>
        {{/hasWaiting}}
        {{#hasFollowUps}}
        <h2 style="font-size: 18px; margin: 24px 0 8px 0;">Follow up</h2>
        <ul style="padding-left: 20px; margin: 0;">
        {{#followUps}}
        <li style="margin: 0 0 14px 0;"><strong>{{name}}</strong>: {{since}}{{#hasColleague}}<br><em>{{colleague}}</em>{{/hasColleague}}<br>{{suggestion}}{{#hasContact}}<br>{{#hasEmail}}<a href="{{emailLink}}">{{email}}</a>{{/hasEmail}}{{#hasPhone}} &middot; <a href="{{telLink}}">{{phone}}</a>{{/hasPhone}}{{/hasContact}}{{#doneLink}}<br><a href="{{doneLink}}">done</a> &middot; <a href="{{snoozeLink}}">snooze 2 weeks</a>{{/doneLink}}</li>
        {{/followUps}}
        </ul>
        {{/hasFollowUps}}
        {{#hasThanks}}
        <h2 style="font-size: 18px; margin: 24px 0 8px 0;">Say thank you</h2>
        <ul style="padding-left: 20px; margin: 0;">
        {{#thanks}}
        <li style="margin: 0 0 14px 0;"><strong>{{name}}</strong>: {{since}}{{#hasColleague}}<br><em>{{colleague}}</em>{{/hasColleague}}<br>{{suggestion}}{{#hasContact}}<br>{{#hasEmail}}<a href="{{emailLink}}">{{email}}</a>{{/hasEmail}}{{#hasPhone}} &middot; <a href="{{telLink}}">{{phone}}</a>{{/hasPhone}}{{/hasContact}}{{#doneLink}}<br><a href="{{doneLink}}">done</a> &middot; <a href="{{snoozeLink}}">snooze 2 weeks</a>{{/doneLink}}</li>
        {{/thanks}}
        </ul>
        {{/hasThanks}}
        {{#goals}}
        <h2 style="font-size: 18px; margin: 24px 0 8px 0;">For your goal: {{title}}</h2>
        <ul style="padding-left: 20px; margin: 0;">
        {{#people}}
        <li style="margin: 0 0 14px 0;"><strong>{{name}}</strong>: {{since}}{{#hasColleague}}<br><em>{{colleague}}</em>{{/hasColleague}}<br>{{suggestion}}{{#hasContact}}<br>{{#hasEmail}}<a href="{{emailLink}}">{{email}}</a>{{/hasEmail}}{{#hasPhone}} &middot; <a href="{{telLink}}">{{phone}}</a>{{/hasPhone}}{{/hasContact}}{{#doneLink}}<br><a href="{{doneLink}}">done</a> &middot; <a href="{{snoozeLink}}">snooze 2 weeks</a>{{/doneLink}}</li>
        {{/people}}
        </ul>
        {{/goals}}
        {{#hasOverdue}}
        <h2 style="font-size: 18px; margin: 24px 0 8px 0;">Time to reach out</h2>
        <ul style="padding-left: 20px; margin: 0;">
        {{#overdue}}
        <li style="margin: 0 0 14px 0;"><strong>{{name}}</strong>: {{since}}{{#hasColleague}}<br><em>{{colleague}}</em>{{/hasColleague}}<br>{{suggestion}}{{#hasContact}}<br>{{#hasEmail}}<a href="{{emailLink}}">{{email}}</a>{{/hasEmail}}{{#hasPhone}} &middot; <a href="{{telLink}}">{{phone}}</a>{{/hasPhone}}{{/hasContact}}{{#doneLink}}<br><a href="{{doneLink}}">done</a> &middot; <a href="{{snoozeLink}}">snooze 2 weeks</a>{{/doneLink}}</li>
        {{/overdue}}
        </ul>
        {{/hasOverdue}}
        {{#hasBeyondField}}
        <h2 style="font-size: 18px; margin: 24px 0 8px 0;">Beyond your field</h2>
        <ul style="padding-left: 20px; margin: 0;">
        {{#beyondField}}
        <li style="margin: 0 0 14px 0;"><strong>{{name}}</strong>: {{since}}{{#hasColleague}}<br><em>{{colleague}}</em>{{/hasColleague}}<br>{{suggestion}}{{#hasContact}}<br>{{#hasEmail}}<a href="{{emailLink}}">{{email}}</a>{{/hasEmail}}{{#hasPhone}} &middot; <a href="{{telLink}}">{{phone}}</a>{{/hasPhone}}{{/hasContact}}{{#doneLink}}<br><a href="{{doneLink}}">done</a> &middot; <a href="{{snoozeLink}}">snooze 2 weeks</a>{{/doneLink}}</li>
        {{/beyondField}}
        </ul>
        {{/hasBeyondField}}
        {{#hasMore}}
        <p>{{moreText}}</p>
        {{/hasMore}}
        {{#hasIntroductions}}
        <h2 style="font-size: 18px; margin: 24px 0 8px 0;">Introductions you could make</h2>
        <ul style="padding-left: 20px; margin: 0;">
        {{#introductions}}
        <li style="margin: 0 0 14px 0;">{{text}}</li>
        {{/introductions}}
        </ul>
        {{/hasIntroductions}}
        {{^datesFirst}}
        {{#hasDates}}
        \(htmlDates)
        {{/hasDates}}
        {{/datesFirst}}
        <hr style="border: 0; border-top: 1px solid #888888; margin: 24px 0 12px 0;">
        {{#hasReplies}}
        <p style="font-size: 14px;">Been in touch? Tap a link above, or reply with one line each:
        <code>done NAME: note</code>, <code>met NAME at PLACE</code>, <code>gave</code>, <code>asked</code> or
        <code>thanks NAME: note</code>, <code>snooze NAME 2w</code>, <code>skip NAME</code>.</p>
        {{/hasReplies}}
        {{^hasReplies}}
        <p style="font-size: 14px;">Been in touch? Tell kith and the clock restarts:<br>
        <code>kith log "{{logExample}}" --note "coffee"</code></p>
        {{/hasReplies}}
        </div>
        </body>
        </html>

        """
}
