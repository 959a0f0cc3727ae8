"""What the bot's messages look like, by domain: each view takes what an action returned and the chat's language and
gives back the message's HTML text, with its inline keyboard where it has one. The handlers (`bot.handlers`) parse
updates, call actions and send what a view returns; a fixed text with nothing in it they look up themselves
(`bot.texts.text`).

Text we did not write (names, places, what users typed) reaches a message only through `bot.render.escape`; every
button carries a `bot.buttons` value (`bot.views.keyboard`).
"""
