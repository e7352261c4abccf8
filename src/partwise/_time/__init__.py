"""_time"""
