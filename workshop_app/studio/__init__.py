"""The green-screen studio as pure code: pictures and films, no Streamlit.

Modules
-------
keying
    :class:`KeyingSettings`, the one model of how a photo or a film is keyed (the three
    sliders, the screen colour, the invisibility cloak), shared by pictures and films.
film
    :func:`make_film`: a pupil's clip keyed frame by frame onto a new background and
    encoded (decoder, keying threads and encoder overlapping), :func:`find_screen_key`
    (the screen colour, found once for the whole film), :class:`FilmResult`.
jobs
    :class:`FilmJob`: a film made in a background thread that outlives the page's
    reruns, one film at a time on the machine (:data:`FILM_SLOTS`), cancellable.

Clips are read and films written with :mod:`workshop_app.media.video` (FFmpeg).
"""
