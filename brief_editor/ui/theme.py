"""Light, dark or system colours, on the Fusion style so that all platforms look alike."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


def _dark_palette() -> QPalette:
    palette = QPalette()
    base = QColor(37, 37, 40)
    window = QColor(48, 48, 52)
    text = QColor(230, 230, 230)
    disabled = QColor(130, 130, 130)
    for role, color in (
        (QPalette.ColorRole.Window, window),
        (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, base),
        (QPalette.ColorRole.AlternateBase, window),
        (QPalette.ColorRole.ToolTipBase, window),
        (QPalette.ColorRole.ToolTipText, text),
        (QPalette.ColorRole.PlaceholderText, disabled),
        (QPalette.ColorRole.Text, text),
        (QPalette.ColorRole.Button, window),
        (QPalette.ColorRole.ButtonText, text),
        (QPalette.ColorRole.BrightText, QColor(255, 90, 90)),
        (QPalette.ColorRole.Link, QColor(110, 170, 255)),
        (QPalette.ColorRole.Highlight, QColor(52, 110, 200)),
        (QPalette.ColorRole.HighlightedText, QColor(255, 255, 255)),
    ):
        palette.setColor(role, color)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText,
                 QPalette.ColorRole.WindowText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


def apply_theme(app: QGuiApplication, theme: str) -> None:
    """Apply "light", "dark" or "system" to the running application."""
    if not isinstance(app, QApplication):
        return
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    hints = app.styleHints()
    if theme == "dark":
        hints.setColorScheme(Qt.ColorScheme.Dark)
        app.setPalette(_dark_palette())
    elif theme == "light":
        hints.setColorScheme(Qt.ColorScheme.Light)
        app.setPalette(app.style().standardPalette())
    else:
        hints.unsetColorScheme()
        if hints.colorScheme() == Qt.ColorScheme.Dark:
            app.setPalette(_dark_palette())
        else:
            app.setPalette(app.style().standardPalette())
