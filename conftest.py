"""What pytest must not import while it collects (``python -m pytest``, see pyproject.toml).

``--doctest-modules`` imports every module under ``workshop_app/`` to find the examples in
its docstrings. A Streamlit page script draws its page when imported, and so does
``streamlit_app.py``; outside ``streamlit run`` that fails or, at best, does the page's
work for nothing. They have no docstring examples; ``tests/ui`` runs them through
Streamlit's ``AppTest``, and ``tests/e2e`` in a real browser.
"""

collect_ignore = ["streamlit_app.py"]
collect_ignore_glob = ["workshop_app/ui/pages/*.py"]
